import { randomUUID } from 'node:crypto';
import { Inject, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { requireRedisUrl } from '@quell/platform-testing';
import { DEDUP_STORE, type DedupStore } from './dedup-store.port';
import { REDIS, type RedisClient } from './redis-client';
import { RedisHealth } from './redis-health';
import { RedisModule, RedisUnavailableError } from './redis.module';

const REDIS_URL_TOKEN = Symbol('REDIS_URL_TOKEN');

/** Stands in for an app's config module: the factory receives the URL through `inject`. */
@Module({ providers: [{ provide: REDIS_URL_TOKEN, useFactory: requireRedisUrl }], exports: [REDIS_URL_TOKEN] })
class SettingsModule {}

class UsesRedis {
  constructor(
    @Inject(REDIS) readonly redis: RedisClient,
    @Inject(DEDUP_STORE) readonly dedup: DedupStore,
  ) {}
}

describe('RedisModule', () => {
  it('connects at start, provides the dedup store under its key prefix, and quits at shutdown', async () => {
    const keyPrefix = `test-${randomUUID()}:`;
    const moduleRef = await Test.createTestingModule({
      imports: [RedisModule.forRootAsync({ imports: [SettingsModule], inject: [REDIS_URL_TOKEN], useFactory: (url: string) => ({ url, keyPrefix }) })],
      providers: [UsesRedis],
    }).compile();
    const app = await moduleRef.init();
    const { redis, dedup } = app.get(UsesRedis);
    const health = app.get(RedisHealth);

    expect(await health.isReady()).toBe(true);
    expect(await dedup.observe('fp', 'a1', 1000, 60_000)).toMatchObject({ count: 1, isNew: true });
    expect(await redis.exists(`${keyPrefix}dedup:{fp}`)).toBe(1);

    await app.close();
    // QUIT's reply arrives before the socket closes; the client then ends for good.
    await new Promise<void>((resolve) => (redis.status === 'end' ? resolve() : redis.once('end', () => resolve())));
    expect(redis.status).toBe('end');
    expect(await health.isReady()).toBe(false);
  });

  it('fails to start with a retriable error that hides the password when Redis does not answer', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [RedisModule.forRootAsync({ useFactory: () => ({ url: 'redis://:s3cret@127.0.0.1:1' }) })],
    }).compile();
    const error = await moduleRef.init().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect(error).toMatchObject({ retriable: true, message: expect.stringContaining('redis://***@127.0.0.1:1') });
    expect((error as Error).message).not.toContain('s3cret');
    expect(await moduleRef.get(RedisHealth).isReady()).toBe(false);
  });
});
