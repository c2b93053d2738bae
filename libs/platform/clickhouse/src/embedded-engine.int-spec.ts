import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouseClient, embeddedEngineOf, type ClickHouseClient } from './clickhouse-client';

async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  return (await client.query({ query, format: 'JSONEachRow' })).json<T>();
}

describe('the embedded engine (chdb)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'quell-embedded-'));
  const client = createClickHouseClient({ dataDir });

  afterAll(async () => {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with caches sized for one process beside the pipeline', async () => {
    const settings = await rows<{ name: string; value: string }>(
      client,
      "SELECT name, value FROM system.server_settings WHERE name IN ('mark_cache_size', 'uncompressed_cache_size') ORDER BY name",
    );
    expect(settings).toEqual([
      { name: 'mark_cache_size', value: String(64 * 2 ** 20) },
      { name: 'uncompressed_cache_size', value: '0' },
    ]);
  });

  it('takes a raw insert with its one-thread settings (the engine refuses a setting it does not know), its own settings winning', async () => {
    const engine = embeddedEngineOf(client)!;
    await client.command({ query: 'CREATE DATABASE IF NOT EXISTS embedded_spec' });
    await client.command({ query: 'CREATE TABLE embedded_spec.t (n UInt32) ENGINE = MergeTree ORDER BY n' });
    await engine.rawInsert({ table: 'embedded_spec.t', format: 'JSONCompactEachRow', values: Buffer.from('[1]\n[2]') });
    await engine.rawInsert({ table: 'embedded_spec.t', format: 'JSONCompactEachRow', values: Buffer.from('[3]'), settings: { max_insert_threads: 2 } });
    await expect(engine.rawInsert({ table: 'embedded_spec.t', format: 'JSONCompactEachRow', values: Buffer.from('[4]'), settings: { no_such_setting: 1 } })).rejects.toThrow(/no_such_setting/);
    expect(await rows(client, 'SELECT n FROM embedded_spec.t ORDER BY n')).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });
});
