// Probe: what one history insert costs the process, by batch size and insert setting. N realistic
// events (every libs/normalize fixture format, normalized by the real parser, spread over hosts
// and a few minutes) go through EventHistoryRepository.insertBatch into a fresh database of an
// embedded engine (chdb) migrated by the real migrations. Per variant it prints the process CPU
// seconds per 1,000 events (process.cpuUsage: chdb's insert and merge threads run in this process)
// counted until background merges have settled, wall time, active parts at the end and RSS. Rows
// marked `was:` are the former insert path, `now:` the repository's, measured in the same run; the
// others vary one thing (format, insert setting, table setting, batch size). Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node --expose-gc -r @swc-node/register tools/bench/history-insert.ts [events] [rounds] [name regex]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChdbExtension } from 'chdb/connection';
import type { Event } from '@quell/contracts';
import { fixtureEvents } from './fixture-events';
import { type ClickHouseClient, createClickHouseClient, embeddedEngineOf, MigrationRunner } from '@quell/platform-clickhouse';
import { EVENT_HISTORY_MIGRATIONS, EventHistoryRepository, eventsTable, type EventRow } from '@quell/platform-event-history';

const EVENTS = Number(process.argv[2] ?? 60_000);
const ROUNDS = Number(process.argv[3] ?? 1);
// Only the variants whose name matches (e.g. 'sync|now').
const ONLY = new RegExp(process.argv[4] ?? '');
// Merges are counted until none has run for this long (the merge selector acts on a timer).
const QUIET_MS = 3_000;
const SETTLE_MAX_MS = 60_000;

type Format = 'repository' | 'json-client' | 'compact-client' | 'json-raw' | 'compact-raw';

interface Variant {
  name: string;
  batch: number;
  /**
   * How the batch travels. `repository`: EventHistoryRepository.insertBatch, what Quell does now
   * (JSONCompactEachRow through chdb's raw insert on the embedded engine). `json-client`: what it did
   * until then (JSONEachRow objects through @clickhouse/client, whose chdb connection makes one SQL
   * string of the body). `compact-client`: positional rows through the client (the server path).
   * `json-raw` / `compact-raw`: a Buffer through chdb's raw insert. Default `repository`.
   */
  format?: Format;
  settings?: Record<string, string | number>;
  /** Statements run on the fresh table before the inserts (`{table}` is replaced). */
  table?: string[];
}

// An event is about 1,160 bytes of Avro (the fixture mix) and the events topic has 3 partitions;
// kafkajs hands a fetch over one partition at a time and caps a partition at 1 MiB per fetch
// unless the group sets more (HISTORY_BATCH_MAX_BYTES_PER_PARTITION).
// Binary formats (RowBinary, Native) are absent on purpose: the chdb connection decodes an insert
// body as UTF-8 text into the SQL string, and chdb's raw insert accepts text formats only.
// chdb's ClickHouse (26.7) has async_insert on by default: `sync` rows turn it off.
const SYNC = { async_insert: 0 };
// One thread parses an insert (max_insert_threads only matters to INSERT SELECT). Over 3 rounds of
// 30,000 events: 0.047-0.048 CPU s/1k beside 0.047-0.057 in parallel (chdb's default) at 5,000 per
// insert, 0.080-0.101 beside 0.086-0.099 at 900, and a longer insert: not worth a default.
const SERIAL = { max_insert_threads: 1, input_format_parallel_parsing: 0 };
const SMALL_BLOCKS = 'ALTER TABLE {table} MODIFY SETTING max_compress_block_size = 65536, min_compress_block_size = 16384, merge_max_block_size = 1024';
const TEXT_COLUMNS = ['message', 'raw_text', 'process_command_line'];
const VARIANTS: Variant[] = [
  // Until HISTORY_BATCH_MIN_BYTES was 3 MiB, a 256 KiB fetch over 3 partitions: ~75 per insert.
  { name: 'was: 75, JSONEachRow client', batch: 75, format: 'json-client' },
  // A 3 MiB fetch fills each partition's 1 MiB share (~900) once the flow allows, else 1 s of it.
  { name: 'was: 900, JSONEachRow client', batch: 900, format: 'json-client' },
  { name: '900, JSONEachRow client, sync', batch: 900, format: 'json-client', settings: SYNC },
  { name: '900, compact client', batch: 900, format: 'compact-client' },
  { name: '900, JSONEachRow raw', batch: 900, format: 'json-raw' },
  { name: 'now: 900, compact raw', batch: 900 },
  { name: '900, serial', batch: 900, settings: SERIAL },
  { name: '900, compact raw, sync', batch: 900, settings: SYNC },
  { name: 'was: 5,000, JSONEachRow client', batch: 5_000, format: 'json-client' },
  { name: '5,000, compact client', batch: 5_000, format: 'compact-client' },
  { name: 'now: 5,000, compact raw', batch: 5_000 },
  { name: '5,000, compact raw, sync', batch: 5_000, settings: SYNC },
  { name: '5,000, no parallel parsing', batch: 5_000, settings: { input_format_parallel_parsing: 0 } },
  { name: '5,000, one insert thread', batch: 5_000, settings: { max_insert_threads: 1 } },
  { name: '5,000, serial (one thread, no parallel parsing)', batch: 5_000, settings: SERIAL },
  { name: '5,000, serial, sync', batch: 5_000, settings: { ...SERIAL, ...SYNC } },
  // Table settings, each on its own fresh table.
  { name: '5,000, no skip indexes', batch: 5_000, table: ['__drop_indexes__'] },
  {
    name: '5,000, LowCardinality names',
    batch: 5_000,
    table: ['host_name', 'user_domain', 'process_name', 'process_parent_name', 'process_executable'].map(
      (c) => `ALTER TABLE {table} MODIFY COLUMN ${c} LowCardinality(String)`,
    ),
  },
  { name: '5,000, ZSTD(1) on text', batch: 5_000, table: TEXT_COLUMNS.map((c) => `ALTER TABLE {table} MODIFY COLUMN ${c} String CODEC(ZSTD(1))`) },
  { name: '5,000, sparse columns off', batch: 5_000, table: ['ALTER TABLE {table} MODIFY SETTING ratio_of_defaults_for_sparse_serialization = 1'] },
  { name: '5,000, compact parts only', batch: 5_000, table: ['ALTER TABLE {table} MODIFY SETTING min_bytes_for_wide_part = 1000000000000'] },
  { name: '5,000, merge_selector_base 20', batch: 5_000, table: ['ALTER TABLE {table} MODIFY SETTING merge_selector_base = 20'] },
  { name: '5,000, serial, merge_selector_base 20', batch: 5_000, settings: SERIAL, table: ['ALTER TABLE {table} MODIFY SETTING merge_selector_base = 20'] },
  { name: '10,000, serial', batch: 10_000, settings: SERIAL },
  // Every column of a wide part has its own compression buffer (1 MiB by default), here 64 KiB:
  // the same CPU (0.055-0.065 beside 0.060-0.064, 2 rounds); the all-in-one's flood peak 1,067 MB
  // with them in the engine's merge_tree config beside 1,105-1,197 without, single runs: not adopted.
  { name: '5,000, serial, 64 KiB blocks', batch: 5_000, settings: SERIAL, table: [SMALL_BLOCKS] },
  // ClickHouse's own threshold for vertical merges; the embedded engine merges vertically from 1 row,
  // which costs 0.059-0.065 CPU s/1k beside 0.057 here (3 rounds, 6 December 2026) for far less merge memory.
  { name: '5,000, horizontal merges under 131,072 rows', batch: 5_000, table: ['ALTER TABLE {table} MODIFY SETTING vertical_merge_algorithm_min_rows_to_activate = 131072'] },
  { name: '2,700 (3 partitions), compact raw', batch: 2_700 },
  { name: '20,000, compact raw', batch: 20_000 },
];



/** `count` rows cycling through the fixtures, each its own id, on 200 hosts over ten minutes. */
function rowsFrom(templates: Event[], count: number): EventRow[] {
  const start = Date.now() - 600_000;
  return Array.from({ length: count }, (_, i) => {
    const t = templates[i % templates.length];
    return EventHistoryRepository.eventToRow({
      ...t,
      id: randomUUID(),
      time: start + Math.floor((i * 600_000) / count),
      ingestTime: start + Math.floor((i * 600_000) / count) + 50,
      host: { name: t.host?.name ? `${t.host.name}-${i % 200}` : `host-${i % 200}`, ip: t.host?.ip ?? null },
    });
  });
}

async function scalar(client: ClickHouseClient, query: string): Promise<number> {
  const rows = await (await client.query({ query, format: 'JSONEachRow' })).json<{ n: string | number }>();
  return Number(rows[0]?.n ?? 0);
}

/** Waits until no merge has run for QUIET_MS (or SETTLE_MAX_MS passed); returns active parts. */
async function settle(client: ClickHouseClient, database: string): Promise<number> {
  const activeParts = `SELECT count() AS n FROM system.parts WHERE database = '${database}' AND active`;
  const merging = `SELECT count() AS n FROM system.merges WHERE database = '${database}'`;
  const until = Date.now() + SETTLE_MAX_MS;
  let quietSince = Date.now();
  let parts = await scalar(client, activeParts);
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await scalar(client, activeParts);
    if ((await scalar(client, merging)) > 0 || now !== parts) quietSince = Date.now();
    parts = now;
    if (Date.now() - quietSince >= QUIET_MS) break;
  }
  return parts;
}

interface Result {
  cpuPer1k: number;
  insertCpuPer1k: number;
  wallS: number;
  insertWallS: number;
  parts: number;
  rssMb: number;
}

/** Runs a variant's table statements on the fresh table (`__drop_indexes__`: every skipping index). */
async function prepareTable(client: ClickHouseClient, database: string, statements: string[] = []): Promise<void> {
  const table = eventsTable(database);
  for (const statement of statements) {
    if (statement !== '__drop_indexes__') {
      await client.command({ query: statement.replaceAll('{table}', table) });
      continue;
    }
    const indexes = await (
      await client.query({ query: `SELECT name FROM system.data_skipping_indices WHERE database = '${database}'`, format: 'JSONEachRow' })
    ).json<{ name: string }>();
    for (const { name } of indexes) await client.command({ query: `ALTER TABLE ${table} DROP INDEX ${name}` });
  }
}

/** One insert the way the variant's format says (the repository's own path when none). */
function inserter(client: ClickHouseClient, chdb: ChdbExtension, database: string, variant: Variant) {
  const repository = new EventHistoryRepository(client, database);
  const table = eventsTable(database);
  return async (rows: EventRow[]): Promise<void> => {
    const token = randomUUID();
    const settings = { ...variant.settings, insert_deduplication_token: token };
    const columns = Object.keys(rows[0]) as (keyof EventRow)[];
    switch (variant.format ?? 'repository') {
      case 'repository':
        return repository.insertBatch(rows, token, variant.settings);
      case 'json-client':
        await client.insert({ table, values: rows, format: 'JSONEachRow', clickhouse_settings: settings });
        return;
      case 'compact-client':
        await client.insert({ table, columns: columns as [string, ...string[]], values: rows.map((r) => columns.map((c) => r[c])), format: 'JSONCompactEachRow', clickhouse_settings: settings });
        return;
      case 'json-raw':
        await chdb.rawInsert({ table, format: 'JSONEachRow', settings, values: Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n')) });
        return;
      case 'compact-raw':
        await chdb.rawInsert({
          table,
          columns,
          format: 'JSONCompactEachRow',
          settings,
          values: Buffer.from(rows.map((r) => JSON.stringify(columns.map((c) => r[c]))).join('\n')),
        });
        return;
    }
  };
}

async function runVariant(client: ClickHouseClient, chdb: ChdbExtension, rows: EventRow[], variant: Variant): Promise<Result> {
  const database = `bench_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  await new MigrationRunner(client, { sets: [EVENT_HISTORY_MIGRATIONS], database }).run();
  await prepareTable(client, database, variant.table);
  const insert = inserter(client, chdb, database, variant);
  global.gc?.();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += variant.batch) {
    await insert(rows.slice(i, i + variant.batch));
  }
  const insertCpu = process.cpuUsage(cpu0);
  const insertWallS = (performance.now() - t0) / 1_000;
  const parts = await settle(client, database);
  // The settle wait's own polling is counted too: a few queries, next to nothing beside the inserts.
  const cpu = process.cpuUsage(cpu0);
  const wallS = (performance.now() - t0) / 1_000 - QUIET_MS / 1_000;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  const stored = await scalar(client, `SELECT count() AS n FROM ${eventsTable(database)}`);
  if (stored !== rows.length) throw new Error(`${variant.name}: ${stored} rows stored of ${rows.length}`);
  await client.command({ query: `DROP DATABASE IF EXISTS ${database} SYNC` });
  const per1k = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6 / (rows.length / 1_000);
  return { cpuPer1k: per1k(cpu), insertCpuPer1k: per1k(insertCpu), wallS, insertWallS, parts, rssMb };
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${process.platform}/${process.arch}; ${EVENTS.toLocaleString('en-US')} events per variant, ${ROUNDS} round(s)`);
  const templates = fixtureEvents();
  const rows = rowsFrom(templates, EVENTS);
  const bytes = rows.reduce((sum, r) => sum + JSON.stringify(r).length, 0);
  console.log(`${templates.length} fixture events as templates, ${Math.round(bytes / rows.length)} bytes per JSONEachRow row`);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-history-'));
  const client = createClickHouseClient({ dataDir });
  const chdb = embeddedEngineOf(client);
  if (!chdb) throw new Error('the embedded engine has no raw insert');
  try {
    // A throwaway variant first: chdb's first queries load its engine and would bill the baseline.
    await runVariant(client, chdb, rows.slice(0, 5_000), { name: 'warm-up', batch: 500 });
    console.log(
      `\n${'variant'.padEnd(30)} ${'CPU s/1k'.padStart(9)} ${'(insert)'.padStart(9)} ${'wall s'.padStart(7)} ${'(insert)'.padStart(9)} ${'parts'.padStart(6)} ${'RSS MB'.padStart(7)}`,
    );
    let baseline: number | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of VARIANTS.filter((v) => ONLY.test(v.name))) {
        const r = await runVariant(client, chdb, rows, variant);
        baseline ??= r.cpuPer1k;
        console.log(
          `${variant.name.padEnd(30)} ${r.cpuPer1k.toFixed(3).padStart(9)} ${r.insertCpuPer1k.toFixed(3).padStart(9)} ${r.wallS.toFixed(1).padStart(7)} ${r.insertWallS.toFixed(1).padStart(9)} ${String(r.parts).padStart(6)} ${Math.round(r.rssMb).toString().padStart(7)}  ×${(r.cpuPer1k / baseline).toFixed(2)}`,
        );
      }
    }
    console.log(`\nCPU s/1k: process CPU from the first insert until merges were quiet for ${QUIET_MS / 1_000} s; (insert): until the last insert returned. ×: CPU beside the first row.`);
  } finally {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
