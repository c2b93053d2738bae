// Probe: normalization events per second on one core for every format in the parser registry,
// and ClickHouse (chdb) insert rows per second through EventHistoryRepository.insertBatch at a
// few batch sizes. Each figure is printed beside a JSON.parse baseline of the same payloads
// measured in the same run, so the numbers travel between machines. Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/bench/normalize-throughput.ts [seconds]
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawEvent } from '@quell/contracts';
import { normalizeRecord, PARSERS, type RecordFormat } from '@quell/normalize';
import { createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { EVENT_HISTORY_MIGRATIONS, EventHistoryRepository } from '@quell/platform-event-history';
import { benchRawEvent } from './fixture-events';

const seconds = Number(process.argv[2] ?? 1);
const FIXTURES = join(process.cwd(), 'libs/normalize/fixtures');

// Formats without a fixture folder yet get a sample shaped like the shipper output they stand for.
const BUILT_IN: Partial<Record<RecordFormat, string>> = {
  json: JSON.stringify({
    '@timestamp': '2026-11-28T10:00:00.000Z',
    event: { category: 'authentication', action: 'ssh_login', outcome: 'failure' },
    host: { name: 'web-1', ip: '10.0.0.1' },
    user: { name: 'alice' },
    source: { ip: '203.0.113.5', port: 52113 },
    message: 'Failed password for alice from 203.0.113.5 port 52113 ssh2',
  }),
  ocsf: JSON.stringify({
    class_uid: 3002,
    category_uid: 3,
    activity_id: 1,
    time: 1795860000000,
    status_id: 2,
    severity_id: 3,
    user: { name: 'alice' },
    src_endpoint: { ip: '203.0.113.5', port: 52113 },
    dst_endpoint: { hostname: 'web-1', ip: '10.0.0.1' },
    message: 'Logon failed',
  }),
  windows: JSON.stringify({
    '@timestamp': '2026-11-28T10:00:00.000Z',
    winlog: { channel: 'Security', event_id: 4625, computer_name: 'dc-1.corp.example', event_data: { TargetUserName: 'alice', IpAddress: '203.0.113.5', LogonType: '3' } },
    event: { code: '4625', provider: 'Microsoft-Windows-Security-Auditing', outcome: 'failure' },
    host: { name: 'dc-1' },
  }),
};

interface Sample {
  format: RecordFormat;
  origin: string;
  text: string;
}

/** The fixture record of median length among those its parser accepts, else a built-in sample. */
function sampleFor(format: RecordFormat): Sample | undefined {
  const dir = join(FIXTURES, format);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort() : [];
  const accepted: Sample[] = [];
  for (const file of files) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean)) {
      const fixture = JSON.parse(line) as { origin: string; input: string };
      try {
        normalizeRecord(benchRawEvent(format, fixture.input), Date.now());
        accepted.push({ format, origin: `${file}: ${fixture.origin}`, text: fixture.input });
      } catch {
        // A fixture of a rejected record (some files hold them on purpose) is no throughput sample.
      }
    }
  }
  // The median, not the first: fixture files open with minimal edge cases (a 16-byte syslog line).
  accepted.sort((a, b) => a.text.length - b.text.length);
  if (accepted.length > 0) return accepted[Math.floor(accepted.length / 2)];
  const text = BUILT_IN[format];
  return text ? { format, origin: 'built-in sample (no fixture folder)', text } : undefined;
}


/** Calls `op` in rounds until `seconds` passed; returns operations per second. */
function rate(op: (i: number) => void): number {
  for (let i = 0; i < 2_000; i++) op(i); // warm up the JIT
  let done = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds) {
    for (let i = 0; i < 1_000; i++) op(done + i);
    done += 1_000;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return done / elapsed;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(11);

function benchNormalize(): RawEvent[] {
  console.log(`normalization, one core, ${seconds} s per figure (events/s)`);
  console.log(`${'format'.padEnd(11)} ${'normalize'.padStart(11)} ${'JSON.parse'.padStart(11)}  ratio  bytes  sample`);
  const jsonEvents: RawEvent[] = [];
  for (const format of Object.keys(PARSERS) as RecordFormat[]) {
    const sample = sampleFor(format);
    if (!sample) continue;
    const record = benchRawEvent(format, sample.text);
    // The baseline decodes the same bytes: the record itself when it is JSON, else the record as
    // a JSON string literal (same characters plus escapes), bytes → string → value as normalize does.
    const isJson = sample.text.trimStart().startsWith('{');
    const baselineBytes = Buffer.from(isJson ? sample.text : JSON.stringify(sample.text));
    const now = Date.now();
    const normalized = rate(() => normalizeRecord(record, now));
    const baseline = rate(() => JSON.parse(baselineBytes.toString('utf8')));
    console.log(
      `${format.padEnd(11)} ${fmt(normalized)} ${fmt(baseline)} ${(normalized / baseline).toFixed(2).padStart(6)} ${String(record.payload.length).padStart(6)}  ${sample.origin.slice(0, 90)}`,
    );
    if (format === 'json') jsonEvents.push(record);
  }
  return jsonEvents;
}

async function benchInsert(template: RawEvent): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ch-'));
  const client = createClickHouseClient({ dataDir });
  const database = `bench_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
  await new MigrationRunner(client, { sets: [EVENT_HISTORY_MIGRATIONS], database }).run();
  const repository = new EventHistoryRepository(client, database);
  const base = normalizeRecord(template, Date.now());
  console.log(`\nClickHouse insert through EventHistoryRepository.insertBatch, chdb (rows/s)`);
  console.log(`${'batch'.padStart(7)} ${'rows'.padStart(7)} ${'insert'.padStart(11)} ${'JSON.parse'.padStart(11)}  ratio`);
  for (const batchSize of [100, 1_000, 10_000]) {
    const total = Math.max(batchSize * 5, 20_000);
    const rows = Array.from({ length: total }, (_, i) =>
      EventHistoryRepository.eventToRow({ ...base, id: randomUUID(), time: base.time + i, host: { name: `host-${i % 50}`, ip: null } }),
    );
    const start = process.hrtime.bigint();
    for (let i = 0; i < total; i += batchSize) await repository.insertBatch(rows.slice(i, i + batchSize), randomUUID());
    const insertRate = total / (Number(process.hrtime.bigint() - start) / 1e9);
    // Baseline: parsing the same rows as the JSONEachRow text the client sends.
    const lines = rows.map((r) => JSON.stringify(r));
    const baseline = rate((i) => JSON.parse(lines[i % lines.length]));
    console.log(`${String(batchSize).padStart(7)} ${String(total).padStart(7)} ${fmt(insertRate)} ${fmt(baseline)} ${(insertRate / baseline).toFixed(3).padStart(6)}`);
  }
  await client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
  await client.close();
  rmSync(dataDir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  const [json] = benchNormalize();
  await benchInsert(json ?? benchRawEvent('json', BUILT_IN.json ?? '{}'));
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
