import { randomUUID } from 'node:crypto';
import { requireRedisUrl } from '@quell/platform-testing';
import { createRedisClient } from './redis-client';
import { RedisDedupStore } from './redis-dedup-store';
import { describeDedupStore } from './test/dedup-store.contract';

const redis = createRedisClient(requireRedisUrl());
afterAll(async () => {
  await redis.quit();
});

// Each test gets its own key prefix on the real server; expiry is Redis's own, so time really passes.
describeDedupStore('redis', () => ({
  store: new RedisDedupStore(redis, `test-${randomUUID()}:`),
  advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}));

it('answers a ping', async () => {
  expect(await redis.ping()).toBe('PONG');
});
