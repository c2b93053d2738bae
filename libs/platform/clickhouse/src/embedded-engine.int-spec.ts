import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouseClient, type ClickHouseClient } from './clickhouse-client';

/** The named settings of a `system` settings table, as name and value, by name. */
async function settings(client: ClickHouseClient, table: 'server_settings' | 'merge_tree_settings', names: string[]): Promise<{ name: string; value: string }[]> {
  const result = await client.query({
    query: `SELECT name, value FROM system.${table} WHERE name IN {names:Array(String)} ORDER BY name`,
    query_params: { names },
    format: 'JSONEachRow',
  });
  return result.json();
}

describe('the embedded engine (chdb)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'quell-embedded-'));
  const client = createClickHouseClient({ dataDir });

  afterAll(async () => {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with caches sized for one process beside the pipeline', async () => {
    expect(await settings(client, 'server_settings', ['mark_cache_size', 'uncompressed_cache_size'])).toEqual([
      { name: 'mark_cache_size', value: String(64 * 2 ** 20) },
      { name: 'uncompressed_cache_size', value: '0' },
    ]);
  });

  it('runs at most two merges at a time, with small compression blocks, so merges do not make the memory peak', async () => {
    expect(await settings(client, 'server_settings', ['background_pool_size', 'background_merges_mutations_concurrency_ratio'])).toEqual([
      { name: 'background_merges_mutations_concurrency_ratio', value: '1' },
      { name: 'background_pool_size', value: '2' },
    ]);
    expect(await settings(client, 'merge_tree_settings', ['max_compress_block_size', 'min_compress_block_size', 'merge_max_block_size'])).toEqual([
      { name: 'max_compress_block_size', value: '65536' },
      { name: 'merge_max_block_size', value: '1024' },
      { name: 'min_compress_block_size', value: '16384' },
    ]);
  });

  it('merges column by column (vertical) whatever the size of the parts, so a merge holds one column at a time', async () => {
    expect(await settings(client, 'merge_tree_settings', ['vertical_merge_algorithm_min_rows_to_activate'])).toEqual([{ name: 'vertical_merge_algorithm_min_rows_to_activate', value: '1' }]);
  });
});
