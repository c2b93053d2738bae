import { randomUUID } from 'node:crypto';
import { requireRedisUrl } from '@quell/platform-testing';
import Redis from 'ioredis';
import { REVISION_FIELD, RedisStateStore, StaleStateError } from './state-store';

// Throws (failing this file with instructions) when REDIS_URL is unset: never a silent skip.
const redis = new Redis(requireRedisUrl());
afterAll(async () => {
  await redis.quit();
});

const newStore = () => {
  const prefix = `test-${randomUUID()}:`;
  return { prefix, store: new RedisStateStore(redis, prefix) };
};

describe('RedisStateStore hashes on the server', () => {
  it('sets and deletes fields in one step, and replaces the whole hash when asked', async () => {
    const { prefix, store } = newStore();
    expect(await store.getHash('h')).toEqual({ fields: {}, revision: 0 });
    await store.writeHash('h', { set: { a: '1', b: '2' }, delete: [] });
    await store.writeHash('h', { set: { c: '3' }, delete: ['a'] });
    expect(await redis.hgetall(`${prefix}h`)).toEqual({ b: '2', c: '3', [REVISION_FIELD]: '2' });
    await store.writeHash('h', { replace: true, set: { d: '4' }, delete: [] });
    expect(await store.getHash('h')).toEqual({ fields: { d: '4' }, revision: 3 });
    await store.writeHash('h', { set: {}, delete: ['d'] });
    expect(await store.getHash('h')).toEqual({ fields: {}, revision: 4 });
  });

  it('fences: of two writers that read the same revision, the second fails and applies nothing', async () => {
    const { prefix, store } = newStore();
    await store.writeHash('h', { set: { a: '1', b: '1' }, delete: [] });
    const first = await store.getHash('h');
    const second = await new RedisStateStore(redis, prefix).getHash('h');
    expect(second.revision).toBe(first.revision);
    expect(await store.writeHash('h', { set: { a: '2' }, delete: [], ifRevision: first.revision })).toBe(first.revision + 1);
    const stale = new RedisStateStore(redis, prefix).writeHash('h', { replace: true, set: { a: '3', c: '3' }, delete: ['b'], ifRevision: second.revision });
    await expect(stale).rejects.toThrow(StaleStateError);
    await expect(stale).rejects.toMatchObject({ key: 'h', expectedRevision: second.revision, actualRevision: first.revision + 1 });
    expect(await store.getHash('h')).toEqual({ fields: { a: '2', b: '1' }, revision: first.revision + 1 });
  });

  it('reads a hash written before revisions as revision 0 and fences from there', async () => {
    const { prefix, store } = newStore();
    await redis.hset(`${prefix}h`, { header: '{}', g: '1' });
    expect(await store.getHash('h')).toEqual({ fields: { header: '{}', g: '1' }, revision: 0 });
    expect(await store.writeHash('h', { set: { g: '2' }, delete: [], ifRevision: 0 })).toBe(1);
    await expect(store.writeHash('h', { set: { g: '3' }, delete: [], ifRevision: 0 })).rejects.toThrow(StaleStateError);
    expect((await store.getHash('h')).fields).toEqual({ header: '{}', g: '2' });
  });

  it('writes and deletes more fields than one script call can unpack', async () => {
    const { store } = newStore();
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`f${i}`, `v${i}`]));
    await store.writeHash('h', { replace: true, set: many, delete: [], ifRevision: 0 });
    expect((await store.getHash('h')).fields).toEqual(many);
    await store.writeHash('h', { set: { last: 'x' }, delete: Object.keys(many), ifRevision: 1 });
    expect(await store.getHash('h')).toEqual({ fields: { last: 'x' }, revision: 2 });
  });
});
