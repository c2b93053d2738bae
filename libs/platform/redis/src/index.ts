export { REDIS, createRedisClient, DEFAULT_REDIS_COMMAND_TIMEOUT_MS, type RedisClient, type RedisClientOptions } from './redis-client';
export { parseRedisUrl, redactRedisUrl, type RedisTarget } from './redis-url';
export { RedisHealth } from './redis-health';
export {
  RedisModule,
  RedisUnavailableError,
  REDIS_MODULE_OPTIONS,
  type RedisModuleOptions,
  type RedisModuleAsyncOptions,
} from './redis.module';
export { DEDUP_STORE, type DedupObservation, type DedupStore } from './dedup-store.port';
export { RedisDedupStore } from './redis-dedup-store';
export { InMemoryDedupStore } from './in-memory-dedup-store';
