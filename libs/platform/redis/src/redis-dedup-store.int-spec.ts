import { randomUUID } from 'node:crypto';
import { requireRedisUrl } from '@quell/platform-testing';
import { createRedisClient } from './redis-client';
import { RedisDedupStore } from './redis-dedup-store';
import { describeDedupStore } from './test/dedup-store.contract';

// Throws (failing this file with instructions) when REDIS_URL is unset: never a silent skip.
const redis = createRedisClient(requireRedisUrl());
afterAll(async () => {
  await redis.quit();
});

// Each test gets its own key prefix on the real server; expiry is Redis's own, so time really passes.
describeDedupStore('redis', () => ({
  store: new RedisDedupStore(redis, `test-${randomUUID()}:`),
  advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}));

describe('RedisDedupStore on the server', () => {
  it('writes the documented keys, expiring with the window', async () => {
    const prefix = `test-${randomUUID()}:`;
    const store = new RedisDedupStore(redis, prefix);
    await store.observe('fp', 'a1', 1000, 60_000);
    await store.claimOnce('effect', 30_000);
    expect(await redis.hgetall(`${prefix}dedup:{fp}`)).toEqual({ count: '1', first: '1000', last: '1000' });
    expect(await redis.smembers(`${prefix}dedup:{fp}:ids`)).toEqual(['a1']);
    expect(await redis.pttl(`${prefix}dedup:{fp}`)).toBeGreaterThan(55_000);
    expect(await redis.pttl(`${prefix}dedup:{fp}:ids`)).toBeGreaterThan(55_000);
    expect(await redis.pttl(`${prefix}claim:effect`)).toBeGreaterThan(25_000);
  });

  it('counts each occurrence once when replicas observe concurrently', async () => {
    const prefix = `test-${randomUUID()}:`;
    const secondClient = createRedisClient(requireRedisUrl());
    const store = new RedisDedupStore(redis, prefix);
    const other = new RedisDedupStore(secondClient, prefix);
    const ids = Array.from({ length: 50 }, (_, i) => `a${i}`);
    await Promise.all([...ids, ...ids].map((id, i) => (i % 2 ? store : other).observe('fp', id, 1000 + i, 60_000)));
    expect(await store.observe('fp', 'a0', 1000, 60_000)).toMatchObject({ count: 50 });
    await secondClient.quit();
  });

  it('lets exactly one of many concurrent callers claim a key', async () => {
    const store = new RedisDedupStore(redis, `test-${randomUUID()}:`);
    const results = await Promise.all(Array.from({ length: 20 }, () => store.claimOnce('effect', 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
