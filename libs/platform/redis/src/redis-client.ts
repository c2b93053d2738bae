import Redis, { Cluster, type RedisOptions } from 'ioredis';
import { parseRedisUrl } from './redis-url';

/** Port token of the raw ioredis client (standalone or cluster). */
export const REDIS = Symbol('REDIS');

/** A standalone server or a cluster: both run the same commands and Lua scripts. */
export type RedisClient = Redis | Cluster;

export interface RedisClientOptions {
  /** A command without a reply after this long fails (default 5 s). */
  commandTimeoutMs?: number;
}

export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 5_000;

// A command waits through at most 3 reconnect attempts and then fails, so a Redis outage turns
// into errors the caller can retry (or dead-letter) instead of requests queued without bound.
const MAX_RETRIES_PER_REQUEST = 3;

/**
 * Bounds on every command. A server that is paused (SIGSTOP) or partitioned keeps its TCP
 * connection open, so ioredis sees no error and no reconnect: without a command timeout a batch
 * waits on it forever (seen: a consumer group stalled for 8 minutes). Quell issues no blocking
 * commands (BLPOP, XREAD BLOCK), which a command timeout would cut short.
 */
function boundedOptions(options: RedisClientOptions): RedisOptions {
  const commandTimeout = options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS;
  return {
    maxRetriesPerRequest: MAX_RETRIES_PER_REQUEST,
    commandTimeout,
    connectTimeout: Math.max(commandTimeout, 1_000),
  };
}

/** Connects to the server or cluster the URL names (see parseRedisUrl for the accepted forms). */
export function createRedisClient(url: string, options: RedisClientOptions = {}): RedisClient {
  const target = parseRedisUrl(url);
  const bounds = boundedOptions(options);
  if (target.kind === 'standalone') return new Redis(target.url, bounds);
  return new Cluster(target.nodes, {
    redisOptions: {
      username: target.username,
      password: target.password,
      tls: target.tls ? {} : undefined,
      ...bounds,
    },
  });
}
