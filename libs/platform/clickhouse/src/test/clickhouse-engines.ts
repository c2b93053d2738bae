import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseOptions } from '../clickhouse-client';

/**
 * The engines an integration test file runs its body against: the embedded engine in a fresh
 * temporary directory (one per test file, since one process binds one data directory), and a
 * ClickHouse server as well when CLICKHOUSE_URL is set. Test-only code, so it reads the env.
 */
export function clickHouseEngines(): [string, () => ClickHouseOptions][] {
  const engines: [string, () => ClickHouseOptions][] = [['chdb', () => ({ dataDir: mkdtempSync(join(tmpdir(), 'quell-ch-')) })]];
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

/** The versions of the numbered migration files in `directory`, in order. */
export function migrationVersions(directory: string): number[] {
  return readdirSync(directory)
    .filter((name) => /^\d+_.+\.sql$/.test(name))
    .map((name) => Number(name.split('_')[0]))
    .sort((a, b) => a - b);
}
