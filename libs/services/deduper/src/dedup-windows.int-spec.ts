import { createRedisClient } from '@quell/platform-redis';
import { RedisDocumentStore } from '@quell/platform-state';
import { requireRedisUrl, uniqueName } from '@quell/platform-testing';
import { DedupWindows, dedupWindowKey } from './dedup-windows';
import { describeDedupWindows } from './test/dedup-windows.contract';

// Throws (failing this file with instructions) when REDIS_URL is unset: never a silent skip.
const redis = createRedisClient(requireRedisUrl());
const rivalRedis = createRedisClient(requireRedisUrl());
afterAll(async () => {
  await Promise.all([redis.quit(), rivalRedis.quit()]);
});

// Each test gets its own key prefix on the real server; expiry is Redis's own, so time really passes.
describeDedupWindows('redis', () => {
  const prefix = `${uniqueName('test')}:`;
  return {
    store: new RedisDocumentStore(redis, prefix),
    rival: new RedisDocumentStore(rivalRedis, prefix),
    advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
});

describe('dedup windows on the Redis server', () => {
  it('keep one document per tenant and fingerprint, expiring with the window', async () => {
    const prefix = `${uniqueName('test')}:`;
    await new DedupWindows(new RedisDocumentStore(redis, prefix), { windowMs: 60_000, flapReturns: 0, flapWindowMs: 60_000 }).observe([{ tenant: 'acme', fingerprint: 'fp', id: 'a1', at: 1000 }]);
    const key = `${prefix}{acme}:doc:${dedupWindowKey('fp')}`;
    expect(JSON.parse((await redis.hget(key, 'v')) ?? 'null')).toEqual({ alertId: 'a1', count: 1, firstSeen: 1000, lastSeen: 1000, ids: ['a1'], opens: [1000], flapping: false });
    expect(await redis.pttl(key)).toBeGreaterThan(55_000);
  });
});
