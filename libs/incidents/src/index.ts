export * from './incident-grouping';
export * from './incident-timeline';
