import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What createClickHouseClient takes (@quell/platform-clickhouse's ClickHouseOptions), without importing it. */
export interface ClickHouseEngineOptions {
  url?: string;
  username?: string;
  password?: string;
  dataDir: string;
}

/**
 * The engines an integration test file runs its body against: the embedded engine in a fresh
 * temporary directory (one per test file, since one process binds one data directory), and a
 * ClickHouse server as well when CLICKHOUSE_URL is set. Test-only code, so it reads the env.
 */
export function clickHouseEngines(): [string, () => ClickHouseEngineOptions][] {
  const engines: [string, () => ClickHouseEngineOptions][] = [['chdb', () => ({ dataDir: mkdtempSync(join(tmpdir(), 'quell-ch-')) })]];
  const url = process.env['CLICKHOUSE_URL'];
  if (url) {
    engines.push([
      'server',
      () => ({ url, username: process.env['CLICKHOUSE_USER'], password: process.env['CLICKHOUSE_PASSWORD'], dataDir: '' }),
    ]);
  }
  return engines;
}

/** A database name of the test's own, so tests share a server without seeing each other's tables. */
export function uniqueDatabase(): string {
  return `quell_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

/** Unique database names handed out by one test file, kept so that its afterAll drops every one. */
export class TestDatabases {
  readonly names: string[] = [];

  next(): string {
    const name = uniqueDatabase();
    this.names.push(name);
    return name;
  }
}
