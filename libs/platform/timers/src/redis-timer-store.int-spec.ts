import { randomUUID } from 'node:crypto';
import { createRedisClient } from '@quell/platform-redis';
import { requireRedisUrl, startRedisCluster, type LocalRedisCluster } from '@quell/platform-testing';
import { CONTRACT_LIMITS, describeTimerStore } from '../test/timer-store.contract';
import { RedisTimerStore } from './redis-timer-store';
import { timerShard } from './timer-shard';

// Throws (failing this file with instructions) when REDIS_URL is unset: never a silent skip.
const redis = createRedisClient(requireRedisUrl());
afterAll(async () => {
  await redis.quit();
});

// One shard, so that the contract's tenant cap is exact; the server's clock is real time.
describeTimerStore('redis', () => ({
  store: new RedisTimerStore(redis, { prefix: `test-${randomUUID()}:timers:`, shards: 1, limits: CONTRACT_LIMITS }),
  now: () => Date.now(),
  advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}));

describe('RedisTimerStore on the server', () => {
  it('keeps each key in its shard under one hash tag, and claims across every shard', async () => {
    const prefix = `test-${randomUUID()}:timers:`;
    const store = new RedisTimerStore(redis, { prefix, shards: 4 });
    const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
    for (const key of keys) await store.schedule({ key, dueAt: Date.now() - 1, kind: 'test', payload: key, tenant: 'acme' });
    const shard = timerShard('key-0', 4);
    expect(await redis.zscore(`{${prefix}${shard}}:due`, 'key-0')).not.toBeNull();
    expect(await redis.hget(`{${prefix}${shard}}:tenants`, 'acme')).not.toBeNull();
    expect(new Set(keys.map((key) => timerShard(key, 4))).size).toBeGreaterThan(1);
    const { timers } = await store.claim(10_000, 100);
    expect(timers.map((t) => t.key).sort()).toEqual([...keys].sort());
    for (const timer of timers) expect(await store.ack(timer.key, timer.fireId)).toBe(true);
    expect(await store.size()).toBe(0);
    // Acked timers leave no keys behind but the fireId counters.
    const left = await redis.keys(`{${prefix}*`);
    expect(left.every((key) => key.endsWith(':seq'))).toBe(true);
  });

  it('hands each due timer to exactly one of two replicas claiming at once', async () => {
    const prefix = `test-${randomUUID()}:timers:`;
    const other = createRedisClient(requireRedisUrl());
    const a = new RedisTimerStore(redis, { prefix });
    const b = new RedisTimerStore(other, { prefix });
    for (let i = 0; i < 200; i++) await a.schedule({ key: `k${i}`, dueAt: Date.now() - 1, kind: 'test', payload: '' });
    const claimed: string[] = [];
    await Promise.all(
      [a, b, a, b].map(async (store) => {
        for (;;) {
          const { timers } = await store.claim(60_000, 7);
          if (timers.length === 0) return;
          claimed.push(...timers.map((t) => t.key));
        }
      }),
    );
    await other.quit();
    expect(claimed).toHaveLength(200);
    expect(new Set(claimed).size).toBe(200);
  });

  it('claims up to its limit over the shards that have due timers and reports the rest as due now', async () => {
    const store = new RedisTimerStore(redis, { prefix: `test-${randomUUID()}:timers:`, shards: 8 });
    const keys = Array.from({ length: 12 }, (_, i) => `due-${i}`);
    for (const key of keys) await store.schedule({ key, dueAt: Date.now() - 1, kind: 'test', payload: '' });
    await store.schedule({ key: 'later', dueAt: Date.now() + 60_000, kind: 'test', payload: '' });
    const first = await store.claim(60_000, 5);
    expect(first.timers).toHaveLength(5);
    expect(first.nextInMs).toBe(0);
    const rest = await store.claim(60_000, 100);
    expect([...first.timers, ...rest.timers].map((t) => t.key).sort()).toEqual([...keys].sort());
    // Nothing due is left: the next claimable timer is the later one.
    expect(rest.nextInMs).toBeGreaterThan(50_000);
    expect(rest.nextInMs).toBeLessThanOrEqual(60_000);
  });

  it('reports a lease that runs out first as the next claimable timer, and claims it again then', async () => {
    const store = new RedisTimerStore(redis, { prefix: `test-${randomUUID()}:timers:`, shards: 4 });
    await store.schedule({ key: 'leased', dueAt: Date.now() - 1, kind: 'test', payload: '' });
    await store.schedule({ key: 'later', dueAt: Date.now() + 60_000, kind: 'test', payload: '' });
    expect((await store.claim(300, 10)).timers.map((t) => t.key)).toEqual(['leased']);
    const empty = await store.claim(300, 10);
    expect(empty.timers).toEqual([]);
    expect(empty.nextInMs).toBeLessThanOrEqual(300);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const again = await store.claim(300, 10);
    expect(again.timers.map((t) => [t.key, t.fires])).toEqual([['leased', 2]]);
  });

  it('reports no next time when the store holds no timer', async () => {
    const store = new RedisTimerStore(redis, { prefix: `test-${randomUUID()}:timers:` });
    expect(await store.claim(60_000, 10)).toEqual({ timers: [], nextInMs: undefined });
  });
});

describe('RedisTimerStore on a Redis Cluster', () => {
  let cluster: LocalRedisCluster;
  let clustered: ReturnType<typeof createRedisClient>;

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    clustered = createRedisClient(cluster.url);
  }, 60_000);

  afterAll(async () => {
    clustered?.disconnect();
    await cluster?.stop();
  });

  // The shards' hash tags spread them over the three nodes: each script stays on one, and the
  // shards are asked one by one (a cluster pipeline could not span the nodes).
  it('schedules, claims and acks across shards held by different nodes', async () => {
    const store = new RedisTimerStore(clustered, { prefix: `test-${randomUUID()}:timers:` });
    const keys = Array.from({ length: 40 }, (_, i) => `key-${i}`);
    for (const key of keys) await store.schedule({ key, dueAt: Date.now() - 1, kind: 'test', payload: key, tenant: 'acme' });
    await store.schedule({ key: 'later', dueAt: Date.now() + 60_000, kind: 'test', payload: '' });
    const claimed: string[] = [];
    for (let round = 0; round < 10 && claimed.length < keys.length; round++) {
      const { timers } = await store.claim(60_000, 16);
      for (const timer of timers) {
        claimed.push(timer.key);
        expect(await store.ack(timer.key, timer.fireId)).toBe(true);
      }
    }
    expect(claimed.sort()).toEqual([...keys].sort());
    const { timers, nextInMs } = await store.claim(60_000, 16);
    expect(timers).toEqual([]);
    expect(nextInMs).toBeGreaterThan(50_000);
    expect(await store.size()).toBe(1);
  });
});
