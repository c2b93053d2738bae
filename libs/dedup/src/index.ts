export * from './apply-dedup';
export * from './dedup-window';
export * from './fingerprint-policy';
