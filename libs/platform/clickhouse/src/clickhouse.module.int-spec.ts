import { Inject, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE, type ClickHouseOptions } from './clickhouse-client';
import { ClickHouseHealth } from './clickhouse-health';
import { ClickHouseModule, ClickHouseUnavailableError } from './clickhouse.module';
import { EVENTS_MIGRATIONS_DIR } from './migrations-dir';
import { clickHouseEngines, migrationVersions, uniqueDatabase } from './test/clickhouse-engines';

const SETTINGS = Symbol('SETTINGS');

/** Stands in for an app's config module: the factory receives its value through `inject`. */
@Module({ providers: [{ provide: SETTINGS, useValue: {} }], exports: [SETTINGS] })
class SettingsModule {}

class NeedsClickHouse {
  constructor(@Inject(CLICKHOUSE) readonly client: ClickHouseClient) {}
}

describe.each(clickHouseEngines())('ClickHouseModule on %s', (_engine, options) => {
  it('pings and migrates at start, reports ready, and closes the client at shutdown', async () => {
    const database = uniqueDatabase();
    const clientOptions: ClickHouseOptions = { ...options(), database };
    const moduleRef = await Test.createTestingModule({
      imports: [
        ClickHouseModule.forRootAsync({
          imports: [SettingsModule],
          inject: [SETTINGS],
          useFactory: (settings: object) => ({ ...settings, ...clientOptions, migrations: { directory: EVENTS_MIGRATIONS_DIR } }),
        }),
      ],
      providers: [NeedsClickHouse],
    }).compile();
    const app = await moduleRef.init();

    const { client } = app.get(NeedsClickHouse);
    const health = app.get(ClickHouseHealth);
    expect(await health.isReady()).toBe(true);
    const applied = await client.query({
      query: `SELECT version FROM ${database}.quell_schema_migrations ORDER BY version`,
      format: 'JSONEachRow',
    });
    expect((await applied.json<{ version: number }>()).map((r) => r.version)).toEqual(migrationVersions(EVENTS_MIGRATIONS_DIR));

    await client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await app.close();
    expect(await health.isReady()).toBe(false);
  });
});

describe('ClickHouseModule without a server', () => {
  it('fails to start with a retriable error that names the server but not the password', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ClickHouseModule.forRootAsync({
          // Port 1 refuses connections at once; the client logs one warning about it.
          useFactory: () => ({ url: 'http://127.0.0.1:1', username: 'quell', password: 's3cret', dataDir: '' }),
        }),
      ],
    }).compile();
    const error = await moduleRef.init().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClickHouseUnavailableError);
    expect(error).toMatchObject({ retriable: true, message: expect.stringContaining('http://127.0.0.1:1') });
    expect((error as Error).message).not.toContain('s3cret');
    // The module closed its client itself; the app never started, so there is nothing to close.
    expect(await moduleRef.get(ClickHouseHealth).isReady()).toBe(false);
  });
});
