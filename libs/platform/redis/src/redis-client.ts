import Redis, { Cluster } from 'ioredis';
import { parseRedisUrl } from './redis-url';

/** Port token of the raw ioredis client (standalone or cluster). */
export const REDIS = Symbol('REDIS');

/** A standalone server or a cluster: both run the same commands and Lua scripts. */
export type RedisClient = Redis | Cluster;

// A command waits through at most 3 reconnect attempts and then fails, so a Redis outage turns
// into errors the caller can retry (or dead-letter) instead of requests queued without bound.
const MAX_RETRIES_PER_REQUEST = 3;

/** Connects to the server or cluster the URL names (see parseRedisUrl for the accepted forms). */
export function createRedisClient(url: string): RedisClient {
  const target = parseRedisUrl(url);
  if (target.kind === 'standalone') return new Redis(target.url, { maxRetriesPerRequest: MAX_RETRIES_PER_REQUEST });
  return new Cluster(target.nodes, {
    redisOptions: {
      username: target.username,
      password: target.password,
      tls: target.tls ? {} : undefined,
      maxRetriesPerRequest: MAX_RETRIES_PER_REQUEST,
    },
  });
}
