// Probe: what one history insert costs the process, by batch size and insert setting. N realistic
// events (every libs/normalize fixture format, normalized by the real parser, spread over hosts
// and a few minutes) go through EventHistoryRepository.insertBatch into a fresh database of an
// embedded engine (chdb) migrated by the real migrations. Per variant it prints the process CPU
// seconds per 1,000 events (process.cpuUsage: chdb's insert and merge threads run in this process)
// counted until background merges have settled, wall time, active parts at the end and RSS. The
// first row is today's setting (the bus's default 500-record slice), measured in the same run.
// Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node --expose-gc -r @swc-node/register tools/bench/history-insert.ts [events] [rounds]
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event, RawEvent } from '@quell/contracts';
import { normalizeRecord, PARSERS, type RecordFormat } from '@quell/normalize';
import {
  createClickHouseClient,
  EventHistoryRepository,
  EVENTS_MIGRATIONS_DIR,
  MigrationRunner,
  type ClickHouseClient,
  type EventRow,
} from '@quell/platform-clickhouse';

const EVENTS = Number(process.argv[2] ?? 60_000);
const ROUNDS = Number(process.argv[3] ?? 1);
const FIXTURES = join(process.cwd(), 'libs/normalize/fixtures');
// Merges are counted until none has run for this long (the merge selector acts on a timer).
const QUIET_MS = 3_000;
const SETTLE_MAX_MS = 60_000;

interface Variant {
  name: string;
  batch: number;
  settings?: Record<string, string | number>;
}

// An event is about 1,160 bytes of Avro (the fixture mix) and the events topic has 3 partitions;
// kafkajs hands a fetch over one partition at a time and caps a partition at 1 MiB per fetch.
const VARIANTS: Variant[] = [
  // Until HISTORY_BATCH_MIN_BYTES was 3 MiB, a 256 KiB fetch over 3 partitions: ~75 per insert.
  { name: 'was, Kafka: 75 (256 KiB fetch)', batch: 75 },
  { name: 'all-in-one: 500 (bus slice)', batch: 500 },
  // A 3 MiB fetch fills each partition's 1 MiB share (~900) once the flow allows, else 1 s of it.
  { name: 'now, Kafka: 900 (3 MiB fetch)', batch: 900 },
  { name: 'batch 2,000', batch: 2_000 },
  { name: 'batch 5,000', batch: 5_000 },
  { name: 'batch 20,000', batch: 20_000 },
  { name: '500, async_insert', batch: 500, settings: { async_insert: 1, wait_for_async_insert: 1, async_insert_busy_timeout_ms: 1_000 } },
  { name: '5,000, optimize_on_insert 0', batch: 5_000, settings: { optimize_on_insert: 0 } },
];

function raw(format: RecordFormat, text: string): RawEvent {
  return {
    id: randomUUID(),
    tenant: 'bench',
    receivedAt: Date.now(),
    source: { type: 'bench', name: 'bench', host: null },
    format,
    contentType: 'text/plain',
    payload: Buffer.from(text),
    attributes: {},
  };
}

/** Every fixture record its format's parser accepts, normalized: the realistic mix of shapes. */
function fixtureEvents(): Event[] {
  const events: Event[] = [];
  for (const format of Object.keys(PARSERS) as RecordFormat[]) {
    const dir = join(FIXTURES, format);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean)) {
        try {
          events.push(normalizeRecord(raw(format, (JSON.parse(line) as { input: string }).input), Date.now()));
        } catch {
          // A fixture of a rejected record (some files hold them on purpose) is no history row.
        }
      }
    }
  }
  return events;
}

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

async function runVariant(client: ClickHouseClient, rows: EventRow[], variant: Variant): Promise<Result> {
  const database = `bench_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  await new MigrationRunner(client, { directory: EVENTS_MIGRATIONS_DIR, database }).run();
  const repository = new EventHistoryRepository(client, database);
  global.gc?.();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += variant.batch) {
    await repository.insertBatch(rows.slice(i, i + variant.batch), randomUUID(), variant.settings);
  }
  const insertCpu = process.cpuUsage(cpu0);
  const insertWallS = (performance.now() - t0) / 1_000;
  const parts = await settle(client, database);
  // The settle wait's own polling is counted too: a few queries, next to nothing beside the inserts.
  const cpu = process.cpuUsage(cpu0);
  const wallS = (performance.now() - t0) / 1_000 - QUIET_MS / 1_000;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  const stored = await scalar(client, `SELECT count() AS n FROM ${database}.quell_events`);
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
  try {
    // A throwaway variant first: chdb's first queries load its engine and would bill the baseline.
    await runVariant(client, rows.slice(0, 5_000), { name: 'warm-up', batch: 500 });
    console.log(
      `\n${'variant'.padEnd(30)} ${'CPU s/1k'.padStart(9)} ${'(insert)'.padStart(9)} ${'wall s'.padStart(7)} ${'(insert)'.padStart(9)} ${'parts'.padStart(6)} ${'RSS MB'.padStart(7)}`,
    );
    let baseline: number | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of VARIANTS) {
        const r = await runVariant(client, rows, variant);
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
