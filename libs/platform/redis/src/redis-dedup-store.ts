import type { Cluster, Redis } from 'ioredis';
import type { DedupObservation, DedupStore } from './dedup-store.port';

// KEYS[1] = window hash (count, first, last), KEYS[2] = set of occurrence ids in the window.
// ARGV = occurrenceId, at, windowMs. Atomic, so replicas racing on one fingerprint agree.
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
  local last = tonumber(redis.call('HGET', KEYS[1], 'last'))
  if tonumber(ARGV[2]) > last then redis.call('HSET', KEYS[1], 'last', ARGV[2]) end
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
return {count, redis.call('HGET', KEYS[1], 'first'), redis.call('HGET', KEYS[1], 'last'), isNew}
`;

/**
 * Dedup windows in Redis. WARNING: the key format `<prefix>dedup:{<fingerprint>}` and
 * `…:ids` must not change silently (in-flight windows would be forgotten); the braces keep both
 * keys of a fingerprint in one cluster slot.
 */
export class RedisDedupStore implements DedupStore {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix: string,
  ) {
    redis.defineCommand('quellDedupObserve', { numberOfKeys: 2, lua: OBSERVE });
  }

  async observe(fingerprint: string, occurrenceId: string, at: number, windowMs: number): Promise<DedupObservation> {
    const key = `${this.prefix}dedup:{${fingerprint}}`;
    const run = (this.redis as unknown as Record<string, (...args: (string | number)[]) => Promise<[number, string, string, number]>>)[
      'quellDedupObserve'
    ];
    const [count, first, last, isNew] = await run.call(this.redis, key, `${key}:ids`, occurrenceId, at, windowMs);
    return { count: Number(count), firstSeen: Number(first), lastSeen: Number(last), isNew: Number(isNew) === 1 };
  }
}
