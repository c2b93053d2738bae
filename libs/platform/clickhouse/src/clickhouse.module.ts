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
import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE, createClickHouseClient, type ClickHouseOptions } from './clickhouse-client';
import { ClickHouseHealth } from './clickhouse-health';
import { MigrationRunner } from './migration-runner';

export interface ClickHouseModuleOptions extends ClickHouseOptions {
  /** Migrations applied at start; `database` defaults to the client options' database, then `quell`. */
  migrations?: { directory: string; database?: string };
}

export interface ClickHouseModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  useFactory: FactoryProvider<ClickHouseModuleOptions | Promise<ClickHouseModuleOptions>>['useFactory'];
  inject?: FactoryProvider['inject'];
  /** Register CLICKHOUSE for the whole application (one client per process). */
  isGlobal?: boolean;
}

export const CLICKHOUSE_MODULE_OPTIONS = Symbol('CLICKHOUSE_MODULE_OPTIONS');

/** ClickHouse could not be reached at start. Retriable: the server may simply not be up yet. */
export class ClickHouseUnavailableError extends Error {
  readonly retriable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClickHouseUnavailableError';
  }
}

/** Pings and migrates before the app serves, and closes the client after everything else stopped. */
@Injectable()
class ClickHouseLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(CLICKHOUSE) private readonly client: ClickHouseClient,
    @Inject(CLICKHOUSE_MODULE_OPTIONS) private readonly options: ClickHouseModuleOptions,
  ) {}

  // A failed start closes the client itself: Nest runs no shutdown hook for an app whose init
  // failed, and the embedded engine would keep its data directory locked.
  async onModuleInit(): Promise<void> {
    try {
      await this.ping();
      const { migrations } = this.options;
      if (migrations) {
        const database = migrations.database ?? this.options.database;
        await new MigrationRunner(this.client, { directory: migrations.directory, database }).run();
      }
    } catch (error) {
      await this.client.close().catch(() => undefined);
      throw error;
    }
  }

  private async ping(): Promise<void> {
    const ping = await this.client.ping();
    if (ping.success) return;
    // The URL's origin, never the credentials: the error ends up in logs.
    const where = this.options.url ? new URL(this.options.url).origin : `the embedded engine at ${this.options.dataDir}`;
    throw new ClickHouseUnavailableError(`ClickHouse is not reachable (${where}): ${ping.error.message}`, { cause: ping.error });
  }

  // Shutdown hooks run after consumers stopped (Nest calls them once the app is closing), so no
  // insert is cut off; closing the embedded engine also releases its data-directory lock.
  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/**
 * Provides the CLICKHOUSE port (HTTP client or embedded engine, per `url`) and ClickHouseHealth:
 *
 *   ClickHouseModule.forRootAsync({
 *     inject: [CONFIG],
 *     useFactory: (c: Config) => ({ url: c.CLICKHOUSE_URL, dataDir: c.CLICKHOUSE_DATA_DIR,
 *       migrations: { directory: EVENTS_MIGRATIONS_DIR, database: c.CLICKHOUSE_DATABASE } }),
 *   })
 */
@Module({})
export class ClickHouseModule {
  static forRootAsync(options: ClickHouseModuleAsyncOptions): DynamicModule {
    return {
      module: ClickHouseModule,
      global: options.isGlobal ?? false,
      imports: options.imports ?? [],
      providers: [
        { provide: CLICKHOUSE_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: CLICKHOUSE,
          useFactory: (moduleOptions: ClickHouseModuleOptions) => createClickHouseClient(moduleOptions),
          inject: [CLICKHOUSE_MODULE_OPTIONS],
        },
        ClickHouseHealth,
        ClickHouseLifecycle,
      ],
      exports: [CLICKHOUSE, ClickHouseHealth],
    };
  }
}
