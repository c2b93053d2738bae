export { REDIS, createRedisClient, DEFAULT_REDIS_COMMAND_TIMEOUT_MS, type RedisClient, type RedisClientOptions } from './redis-client';
export { parseRedisUrl, redactRedisUrl, type RedisTarget } from './redis-url';
export { RedisUnavailableError, pingRedis, isRedisReady } from './redis-health';
