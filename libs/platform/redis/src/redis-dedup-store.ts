import type { Result } from 'ioredis';
import type { RedisClient } from './redis-client';
import { assertDuration, type DedupObservation, type DedupStore } from './dedup-store.port';

// KEYS[1] = window hash (count, first, last), KEYS[2] = set of the window's occurrence ids.
// ARGV = occurrenceId, at, windowMs. One script, so replicas racing on one fingerprint agree: the
// read, the count and both expiries happen atomically on the server (EVALSHA via defineCommand).
const OBSERVE = `
local count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0')
local isNew = 0
if count == 0 then
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'count', 0, 'first', ARGV[2], 'last', ARGV[2])
  isNew = 1
end
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  count = redis.call('HINCRBY', KEYS[1], 'count', 1)
  local at = tonumber(ARGV[2])
  if at < tonumber(redis.call('HGET', KEYS[1], 'first')) then redis.call('HSET', KEYS[1], 'first', ARGV[2]) end
  if at > tonumber(redis.call('HGET', KEYS[1], 'last')) then redis.call('HSET', KEYS[1], 'last', ARGV[2]) end
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
return {count, redis.call('HGET', KEYS[1], 'first'), redis.call('HGET', KEYS[1], 'last'), isNew}
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    quellDedupObserve(
      windowKey: string,
      idsKey: string,
      occurrenceId: string,
      at: number,
      windowMs: number,
    ): Result<[number, string, string, number], Context>;
  }
}

/**
 * Dedup windows and claims in Redis, shared by every replica.
 *
 * WARNING: the key formats must not change silently (deployed windows and claims would be
 * forgotten, so every open window would start again and claimed effects would repeat):
 *   `<prefix>dedup:{<fingerprint>}`      hash  count, first, last
 *   `<prefix>dedup:{<fingerprint>}:ids`  set   occurrence ids counted in the window
 *   `<prefix>claim:<key>`                string, expires ttlMs after the claim
 * The braces are a cluster hash tag: both keys of a fingerprint live in one slot, as a Lua script
 * touching two keys requires.
 */
export class RedisDedupStore implements DedupStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {
    // Redefining on a client that already has the command is harmless (same script, same SHA).
    redis.defineCommand('quellDedupObserve', { numberOfKeys: 2, lua: OBSERVE });
  }

  async observe(fingerprint: string, occurrenceId: string, at: number, windowMs: number): Promise<DedupObservation> {
    assertDuration('windowMs', windowMs);
    const key = `${this.prefix}dedup:{${fingerprint}}`;
    const [count, first, last, isNew] = await this.redis.quellDedupObserve(key, `${key}:ids`, occurrenceId, at, windowMs);
    return { count: Number(count), firstSeen: Number(first), lastSeen: Number(last), isNew: Number(isNew) === 1 };
  }

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    assertDuration('ttlMs', ttlMs);
    // SET NX is atomic on its own: exactly one caller gets OK until the key expires.
    return (await this.redis.set(`${this.prefix}claim:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
  }
}
