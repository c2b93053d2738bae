export * from './apply-dedup';
export * from './dedup-window';
