export * from './incident-grouping';
