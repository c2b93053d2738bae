export * from './apply-dedup';
