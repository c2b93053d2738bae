export { REDIS, createRedisClient } from './redis-client';
export { DEDUP_STORE, type DedupObservation, type DedupStore } from './dedup-store.port';
export { RedisDedupStore } from './redis-dedup-store';
export { InMemoryDedupStore } from './in-memory-dedup-store';
