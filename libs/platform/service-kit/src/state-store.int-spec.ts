import { randomUUID } from 'node:crypto';
import { requireRedisUrl } from '@quell/platform-testing';
import Redis from 'ioredis';
import { RedisStateStore } from './state-store';

// Throws (failing this file with instructions) when REDIS_URL is unset: never a silent skip.
const redis = new Redis(requireRedisUrl());
afterAll(async () => {
  await redis.quit();
});

describe('RedisStateStore hashes on the server', () => {
  it('sets and deletes fields in one step, and replaces the whole hash when asked', async () => {
    const prefix = `test-${randomUUID()}:`;
    const store = new RedisStateStore(redis, prefix);
    expect(await store.getHash('h')).toEqual({});
    await store.writeHash('h', { set: { a: '1', b: '2' }, delete: [] });
    await store.writeHash('h', { set: { c: '3' }, delete: ['a'] });
    expect(await redis.hgetall(`${prefix}h`)).toEqual({ b: '2', c: '3' });
    await store.writeHash('h', { replace: true, set: { d: '4' }, delete: [] });
    expect(await store.getHash('h')).toEqual({ d: '4' });
    await store.writeHash('h', { set: {}, delete: ['d'] });
    expect(await redis.exists(`${prefix}h`)).toBe(0);
  });
});
