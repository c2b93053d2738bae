import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DEDUP_STORE } from './dedup-store.port';
import { createRedisClient, REDIS, type RedisClient } from './redis-client';
import { RedisDedupStore } from './redis-dedup-store';
import { RedisHealth } from './redis-health';
import { redactRedisUrl } from './redis-url';

export interface RedisModuleOptions {
  /** See parseRedisUrl: `redis://`, `rediss://`, `redis+cluster://host1:port,host2:port`. */
  url: string;
  /** Prefix of every key this app writes, so apps and tests can share one server (default `quell:`). */
  keyPrefix?: string;
}

export interface RedisModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  useFactory: FactoryProvider<RedisModuleOptions | Promise<RedisModuleOptions>>['useFactory'];
  inject?: FactoryProvider['inject'];
  /** Register the providers for the whole application (one client per process). */
  isGlobal?: boolean;
}

export const REDIS_MODULE_OPTIONS = Symbol('REDIS_MODULE_OPTIONS');

/** Redis did not answer at start. Retriable: it may simply not be up yet. */
export class RedisUnavailableError extends Error {
  readonly retriable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisUnavailableError';
  }
}

/** Pings before the app serves; quits after everything else stopped (pending replies are delivered). */
@Injectable()
class RedisLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(REDIS_MODULE_OPTIONS) private readonly options: RedisModuleOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    try {
      await this.redis.ping();
    } catch (cause) {
      // Nest runs no shutdown hook after a failed init, so stop reconnecting here.
      this.redis.disconnect();
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new RedisUnavailableError(`Redis is not reachable at ${redactRedisUrl(this.options.url)}: ${reason}`, { cause });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      // Already closed or never connected: nothing is pending, so a hard disconnect loses nothing.
      this.redis.disconnect();
    }
  }
}

/**
 * Provides REDIS (the ioredis client), DEDUP_STORE backed by it, and RedisHealth. An app that runs
 * without Redis provides `{ provide: DEDUP_STORE, useValue: new InMemoryDedupStore() }` instead.
 */
@Module({})
export class RedisModule {
  static forRootAsync(options: RedisModuleAsyncOptions): DynamicModule {
    return {
      module: RedisModule,
      global: options.isGlobal ?? false,
      imports: options.imports ?? [],
      providers: [
        { provide: REDIS_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: REDIS,
          useFactory: (moduleOptions: RedisModuleOptions) => createRedisClient(moduleOptions.url),
          inject: [REDIS_MODULE_OPTIONS],
        },
        {
          provide: DEDUP_STORE,
          useFactory: (redis: RedisClient, moduleOptions: RedisModuleOptions) => new RedisDedupStore(redis, moduleOptions.keyPrefix ?? 'quell:'),
          inject: [REDIS, REDIS_MODULE_OPTIONS],
        },
        RedisHealth,
        RedisLifecycle,
      ],
      exports: [REDIS, DEDUP_STORE, RedisHealth],
    };
  }
}
