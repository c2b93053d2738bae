import { randomUUID } from 'node:crypto';
import { createRedisClient } from '@quell/platform-redis';
import { requireRedisUrl } from '@quell/platform-testing';
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
});
