import type { RedisClient } from './redis-client';
import { redactRedisUrl } from './redis-url';

/** Redis did not answer at start. Retriable: it may simply not be up yet. */
export class RedisUnavailableError extends Error {
  readonly retriable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisUnavailableError';
  }
}

/**
 * Throws RedisUnavailableError (URL credentials masked) unless Redis answers a ping, and then
 * disconnects the client: nothing else would stop it reconnecting after a failed start.
 */
export async function pingRedis(redis: RedisClient, url: string): Promise<void> {
  try {
    await redis.ping();
  } catch (cause) {
    redis.disconnect();
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new RedisUnavailableError(`Redis is not reachable at ${redactRedisUrl(url)}: ${reason}`, { cause });
  }
}

/** Readiness for probes; never throws and never waits on a disconnected client. */
export async function isRedisReady(redis: RedisClient): Promise<boolean> {
  // While reconnecting, ioredis would queue the ping; a probe wants an answer now.
  if (redis.status !== 'ready') return false;
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}
