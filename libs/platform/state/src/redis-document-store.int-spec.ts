import { createRedisClient } from '@quell/platform-redis';
import { requireRedisUrl, uniqueName } from '@quell/platform-testing';
import { RedisDocumentStore } from './redis-document-store';
import { describeDocumentStore } from './test/document-store.contract';

// Throws (failing this file with instructions) when REDIS_URL is unset: never a silent skip.
const redis = createRedisClient(requireRedisUrl());
// A second connection: the rival writer is another replica, not another call on the same socket.
const rivalRedis = createRedisClient(requireRedisUrl());
afterAll(async () => {
  await Promise.all([redis.quit(), rivalRedis.quit()]);
});

// Each test gets its own key prefix on the real server; expiry is Redis's own, so time really passes.
describeDocumentStore('redis', (limits) => {
  const prefix = `${uniqueName('test')}:`;
  return {
    store: new RedisDocumentStore(redis, prefix, limits),
    rival: new RedisDocumentStore(rivalRedis, prefix, limits),
    advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
});

describe('RedisDocumentStore on the server', () => {
  it('writes the documented keys under one hash tag per tenant, each bounded by a time to live', async () => {
    const prefix = `${uniqueName('test')}:`;
    const store = new RedisDocumentStore(redis, prefix);
    await store.put({ tenant: 'acme', key: 'incident:1' }, { a: 1 }, { ttlMs: 60_000, index: { 'open-by-entity': ['host:web-1'] } });
    const documentKey = `${prefix}{acme}:doc:incident:1`;
    const indexKey = `${prefix}{acme}:idx:open-by-entity:host:web-1`;
    expect(await redis.hgetall(documentKey)).toEqual({ v: '{"a":1}', n: '1', x: '["open-by-entity:host:web-1"]' });
    expect(await redis.zrange(indexKey, 0, -1)).toEqual(['incident:1']);
    expect(await redis.pttl(documentKey)).toBeGreaterThan(55_000);
    expect(await redis.pttl(indexKey)).toBeGreaterThan(55_000);
    expect(keySlot(documentKey)).toBe(keySlot(indexKey));
  });

  it('refuses a prefix with braces, which would move the hash tag', () => {
    expect(() => new RedisDocumentStore(redis, 'quell:{x}:')).toThrow(/braces/);
  });
});

/** The hash-tag part Redis Cluster hashes (CLUSTER KEYSLOT is not available on a standalone server). */
function keySlot(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}
