import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { createClickHouseClient, embeddedEngineOf, type ClickHouseClient } from './clickhouse-client';
import { insertJsonRows } from './insert-json-rows';

/**
 * insertJsonRows takes chdb's raw insert on the embedded engine and the client's insert elsewhere.
 * Both run here against one embedded engine (the second client is a plain @clickhouse/client over
 * the same data directory, as a server's would be) and must store the same rows.
 */
describe('insertJsonRows', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'quell-json-rows-'));
  const embedded = createClickHouseClient({ dataDir });
  const viaClient = createClient({ connection: createChdbConnection({ path: dataDir }) as unknown as NonNullable<ClickHouseClientConfigOptions['connection']> });
  const table = 'json_rows_spec.items';
  const text = 'quote " backslash \\ newline \n tab \t unicode é ✓ 😀';
  const rows = [
    { id: 1, name: text, tags: ['a', text], at: '2026-12-06 01:02:03.456', note: null },
    // A column the row lacks takes its default.
    { id: 2, name: 'plain', tags: [], at: '2026-12-06 01:02:03.000' },
  ];

  beforeAll(async () => {
    await embedded.command({ query: 'CREATE DATABASE IF NOT EXISTS json_rows_spec' });
    await embedded.command({
      query: `CREATE TABLE ${table} (path String, id UInt32, name String, tags Array(String), at DateTime64(3, 'UTC'), note Nullable(String) DEFAULT 'none') ENGINE = MergeTree ORDER BY (path, id)`,
    });
  });

  afterAll(async () => {
    await embedded.command({ query: 'DROP DATABASE IF EXISTS json_rows_spec' });
    await viaClient.close();
    await embedded.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const stored = async (path: string) => {
    const result = await embedded.query({ query: `SELECT id, name, tags, toString(at) AS at, note FROM ${table} WHERE path = {path:String} ORDER BY id`, query_params: { path }, format: 'JSONEachRow' });
    return result.json();
  };

  it('stores the same rows by either path, as they were given', async () => {
    expect(embeddedEngineOf(embedded)).toBeDefined();
    expect(embeddedEngineOf(viaClient)).toBeUndefined();
    await insertJsonRows(embedded, { table, rows: rows.map((row) => ({ path: 'raw', ...row })), settings: { async_insert: 0 } });
    await insertJsonRows(viaClient as ClickHouseClient, { table, rows: rows.map((row) => ({ path: 'client', ...row })), settings: { async_insert: 0 } });
    const expected = [
      { id: 1, name: text, tags: ['a', text], at: '2026-12-06 01:02:03.456', note: null },
      { id: 2, name: 'plain', tags: [], at: '2026-12-06 01:02:03.000', note: 'none' },
    ];
    expect(await stored('raw')).toEqual(expected);
    expect(await stored('client')).toEqual(expected);
  });

  it('sends nothing for no rows', async () => {
    await expect(insertJsonRows(embedded, { table, rows: [] })).resolves.toBeUndefined();
  });
});
