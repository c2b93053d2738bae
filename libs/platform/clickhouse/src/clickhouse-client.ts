import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type ClickHouseClient, type ClickHouseClientConfigOptions as NodeClientConfig } from '@clickhouse/client';
import type { Session } from 'chdb';
import type { ChdbExtension } from 'chdb/connection';

export type { ClickHouseClient } from '@clickhouse/client';

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
  const engine = loadEmbeddedEngine();
  const configured = configureEmbeddedEngine(engine.Session, options.dataDir);
  // chdb types its connection against @clickhouse/client-common while @clickhouse/client bundles
  // its own copy of the same interface; they are identical at run time, only the d.ts paths differ.
  const chdb = engine.createChdbConnection({ path: options.dataDir });
  // Closed once the connection holds the engine: closed before, the engine would stop and start anew without it.
  configured.cleanup();
  const client = createClient({ connection: chdb as unknown as NodeClientConfig['connection'] });
  embeddedEngines.set(client, chdb.chdb);
  return client;
}

const embeddedEngines = new WeakMap<ClickHouseClient, ChdbExtension>();

/**
 * The embedded engine's server configuration, sized for one process beside the pipeline
 * (ClickHouse's defaults assume a server of its own: a 5 GiB mark cache). Server settings can only
 * be given when the engine starts, so a first session opens the data directory with them; the
 * engine is one per process and keeps them for the connections that follow.
 *
 * Merges are what make the engine's memory peak: each column stream of a merged part holds a
 * compression buffer (1 MiB by default) and merges run several at a time. Small compression blocks
 * and at most two merges at once lowered the all-in-one's peak RSS under a 60,000-event flood from
 * 1,320 / 1,216 / 1,236 MB to 1,021 / 1,034 / 980 (native memory 1,087 / 982 / 1,002 → 787 / 800 /
 * 746 MB) at the same events/s (6,124 / 6,135 / 5,173 beside 6,242 / 6,207 / 6,871); small blocks
 * alone 1,122 / 1,107 / 1,176 (tools/bench/all-in-one-memory.ts --events=60000, alternated).
 *
 * Merges are also vertical whatever their size (ClickHouse's threshold is 131,072 rows, which the
 * history's 5,000-row parts reach only after several merges): the key columns first, then one column
 * at a time, instead of every column of every part at once. The engine's own count (MemoryTracking)
 * peaked at 190-285 MB during a horizontal merge of eight events parts (28 MB compressed), beside
 * 4-12 MB of merge memory vertical. The bench's peak RSS, four rounds alternated (npm run bench --
 * --only=all-in-one --quick): 1,100 / 1,086 / 1,034 / 1,109 MB beside 1,175 / 1,222 / 1,088 / 1,067,
 * within the noise of a round but lower on average. It costs the history writer 0.059-0.065 CPU s
 * per 1,000 events beside 0.057 (tools/bench/history-insert.ts 60000 3 'now: 5,000|131,072').
 */
const EMBEDDED_ENGINE_CONFIG = `<clickhouse>
  <mark_cache_size>67108864</mark_cache_size>
  <index_mark_cache_size>16777216</index_mark_cache_size>
  <uncompressed_cache_size>0</uncompressed_cache_size>
  <index_uncompressed_cache_size>0</index_uncompressed_cache_size>
  <mmap_cache_size>256</mmap_cache_size>
  <background_pool_size>2</background_pool_size>
  <background_merges_mutations_concurrency_ratio>1</background_merges_mutations_concurrency_ratio>
  <merge_tree>
    <max_compress_block_size>65536</max_compress_block_size>
    <min_compress_block_size>16384</min_compress_block_size>
    <merge_max_block_size>1024</merge_max_block_size>
    <vertical_merge_algorithm_min_rows_to_activate>1</vertical_merge_algorithm_min_rows_to_activate>
  </merge_tree>
</clickhouse>
`;

/**
 * chdb is loaded here, when a process first opens the embedded engine, not when this module is:
 * loading it maps the engine's library (a bare `node -e "require('chdb')"` went from 42 to 192 MB of
 * RSS), which a process talking to a server (CLICKHOUSE_URL) or opening no ClickHouse at all
 * (ingest, a normalize-only normalizer, the deduper) never needs. As native-memory-trim loads koffi.
 */
function loadEmbeddedEngine() {
  const { Session } = require('chdb') as typeof import('chdb');
  const { createChdbConnection } = require('chdb/connection') as typeof import('chdb/connection');
  return { Session, createChdbConnection };
}

/** A session that started the engine with EMBEDDED_ENGINE_CONFIG (or joined the one this process already runs there). */
function configureEmbeddedEngine(SessionClass: typeof Session, dataDir: string): Session {
  const file = join(dataDir, 'quell-engine.xml');
  writeFileSync(file, EMBEDDED_ENGINE_CONFIG);
  return new SessionClass(dataDir, { connectionArgs: [`--config-file=${file}`] });
}

/**
 * chdb's own calls for a client over the embedded engine (undefined over HTTP). Its raw insert
 * hands a Buffer to the engine as is, where the client's insert makes one SQL string of the body.
 */
export function embeddedEngineOf(client: ClickHouseClient): ChdbExtension | undefined {
  return embeddedEngines.get(client);
}

