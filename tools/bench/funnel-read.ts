// Probe: how long the console's funnel and rule hits take to read on the embedded engine. N events
// (two tenants, four sources, ingest times spread over the last `days`) go through the event history
// repository, and N/10 alert states through the incident history repository, into a fresh
// database migrated by the real migrations; then each read runs a few times and the median wall
// time is printed. `index` first adds a minmax index on ingest_time (the funnel filters on it, the
// table is sorted by event time), to see whether a migration adding one would pay. Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/funnel-read.ts [events] [runs] [days] [index]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyEventParts, type Alert } from '@quell/contracts';
import { createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { EventHistoryRepository, eventToRow } from '@quell/platform-event-history';
import { IncidentHistoryRepository } from '@quell/platform-incident-history';
import { ClickHousePipelineStats } from '@quell/platform-pipeline-stats';
import { QUELL_MIGRATION_SETS } from '@quell/platform-service-kit';

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 5);
const DAY = 86_400_000;
// Days of history the events spread over (the funnel reads one hour or day of it).
const DAYS = Number(process.argv[4] ?? 30);
const INDEX = process.argv[5] === 'index';
const BATCH = 50_000;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quell-funnel-bench-'));
  const client = createClickHouseClient({ dataDir: join(dir, 'ch') });
  const database = 'funnel_bench';
  await new MigrationRunner(client, { sets: QUELL_MIGRATION_SETS, database }).run();
  const now = Date.now();
  const events = new EventHistoryRepository(client, database);
  for (let start = 0; start < EVENTS; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(EVENTS, start + BATCH); i++) {
      const ingestTime = now - Math.floor((i / EVENTS) * DAYS * DAY);
      const source = { type: 'syslog', name: `source-${i % 4}` };
      rows.push(eventToRow({ ...emptyEventParts(), id: randomUUID(), tenant: i % 2 ? 'acme' : 'globex', time: ingestTime, ingestTime, source, className: 'network', classUid: 4001, action: 'allow', outcome: 'success', severity: 1, host: { name: `host-${i % 500}`, ip: '' } }));
    }
    await events.insertBatch(rows, `bench-${start}`);
  }
  const alerts = new IncidentHistoryRepository(client, database);
  const states: Alert[] = [];
  for (let i = 0; i < EVENTS / 10; i++) {
    const at = now - Math.floor((i / (EVENTS / 10)) * DAY);
    states.push({
      id: `alert-${i % (EVENTS / 100)}`, tenant: 'acme', rule: { id: `rule-${i % 40}`, title: 'Rule', version: '1', level: 'low', author: null, tags: [] }, kind: 'detection',
      entities: [{ type: 'host', value: `host-${i % 500}` }], fingerprint: `fp-${i % (EVENTS / 100)}`, firstSeen: at, lastSeen: at, eventCount: 1, sampleEventIds: [],
      tactics: [], techniques: [], killChainPhase: null, explanation: null, details: {}, suppression: { state: 'none', changeId: null, reason: null }, dedup: { count: 1 + Math.floor(i / (EVENTS / 100)), firstSeen: at },
    });
  }
  for (let start = 0; start < states.length; start += BATCH) await alerts.recordAlerts(states.slice(start, start + BATCH), now);
  if (INDEX) {
    await client.command({ query: `ALTER TABLE ${database}.quell_events ADD INDEX IF NOT EXISTS idx_ingest_time ingest_time TYPE minmax GRANULARITY 1` });
    await client.command({ query: `ALTER TABLE ${database}.quell_events MATERIALIZE INDEX idx_ingest_time SETTINGS mutations_sync = 2` });
  }
  const stats = new ClickHousePipelineStats(client, database);
  const reads = {
    'funnel 1h': () => stats.funnel('acme', { from: now - 3_600_000, to: now }, 60),
    'funnel 1d': () => stats.funnel('acme', { from: now - DAY, to: now }, 900),
    'rule hits 1d': () => stats.ruleHits('acme', { from: now - DAY, to: now }),
  };
  console.log(`${EVENTS} events, ${states.length} alert states (half the events the tenant's), median of ${RUNS} runs:`);
  for (const [name, read] of Object.entries(reads)) {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      await read();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`  ${name.padEnd(13)} ${times[Math.floor(RUNS / 2)].toFixed(0)} ms`);
  }
  await client.close();
  rmSync(dir, { recursive: true, force: true });
}

void main();
