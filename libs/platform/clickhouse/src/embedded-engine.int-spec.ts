import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouseClient, type ClickHouseClient } from './clickhouse-client';

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

  it('runs at most two merges at a time, with small compression blocks, so merges do not make the memory peak', async () => {
    const server = await rows<{ name: string; value: string }>(
      client,
      "SELECT name, value FROM system.server_settings WHERE name IN ('background_pool_size', 'background_merges_mutations_concurrency_ratio') ORDER BY name",
    );
    expect(server).toEqual([
      { name: 'background_merges_mutations_concurrency_ratio', value: '1' },
      { name: 'background_pool_size', value: '2' },
    ]);
    const mergeTree = await rows<{ name: string; value: string }>(
      client,
      "SELECT name, value FROM system.merge_tree_settings WHERE name IN ('max_compress_block_size', 'min_compress_block_size', 'merge_max_block_size') ORDER BY name",
    );
    expect(mergeTree).toEqual([
      { name: 'max_compress_block_size', value: '65536' },
      { name: 'merge_max_block_size', value: '1024' },
      { name: 'min_compress_block_size', value: '16384' },
    ]);
  });
});
