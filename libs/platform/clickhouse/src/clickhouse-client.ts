import { mkdirSync } from 'node:fs';
import { createClient, type ClickHouseClient, type ClickHouseClientConfigOptions as NodeClientConfig } from '@clickhouse/client';
import { createChdbConnection, type ChdbExtension } from 'chdb/connection';

export type { ClickHouseClient } from '@clickhouse/client';

/** Port token of the ClickHouse client (HTTP server or embedded engine behind the same API). */
export const CLICKHOUSE = Symbol('CLICKHOUSE');

export interface ClickHouseOptions {
  /** A ClickHouse server; when absent the embedded engine (chdb) is used. */
  url?: string;
  username?: string;
  password?: string;
  /**
   * Database holding Quell's tables (default `quell`). Code qualifies every table with it
   * (`<database>.quell_events`) instead of setting it as the connection's default: chdb's connection
   * ignores a default database, and over HTTP a default that does not exist yet would fail the
   * very `CREATE DATABASE` that migrations start with.
   */
  database?: string;
  /** Data directory of the embedded engine; one process may own it at a time. */
  dataDir: string;
}

/** The database Quell's tables live in unless configured otherwise. */
export const DEFAULT_DATABASE = 'quell';

/** Database names go into SQL text (ClickHouse has no identifier parameters), so only plain names pass. */
export function assertIdentifier(name: string, what = 'identifier'): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) throw new Error(`invalid ClickHouse ${what}: "${name}"`);
  return name;
}

/**
 * One client API for both deployments: @clickhouse/client over HTTP against a server, or the same
 * client over chdb's in-process connection for the all-in-one mode and tests without a server.
 */
export function createClickHouseClient(options: ClickHouseOptions): ClickHouseClient {
  if (options.database !== undefined) assertIdentifier(options.database, 'database');
  if (options.url) {
    return createClient({
      url: options.url,
      username: options.username,
      password: options.password,
    });
  }
  mkdirSync(options.dataDir, { recursive: true });
  // chdb types its connection against @clickhouse/client-common while @clickhouse/client bundles
  // its own copy of the same interface; they are identical at run time, only the d.ts paths differ.
  const chdb = createChdbConnection({ path: options.dataDir });
  const client = createClient({ connection: chdb as unknown as NodeClientConfig['connection'] });
  embeddedEngines.set(client, chdb.chdb);
  return client;
}

const embeddedEngines = new WeakMap<ClickHouseClient, ChdbExtension>();

/**
 * chdb's own calls for a client over the embedded engine (undefined over HTTP). Its raw insert
 * hands a Buffer to the engine as is, where the client's insert makes one SQL string of the body.
 */
export function embeddedEngineOf(client: ClickHouseClient): ChdbExtension | undefined {
  return embeddedEngines.get(client);
}

/** Epoch milliseconds → the text ClickHouse reads into DateTime64(3, 'UTC') whatever the server's settings. */
export function toDateTime64(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
