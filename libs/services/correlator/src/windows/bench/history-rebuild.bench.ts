// Probe: how long rebuilding one matches partition's windows from the embedded engine's history
// takes, per events read: N failed logons over the last 5 minutes from 2,000 addresses, a 5-minute
// brute-force count, 3 partitions; prints events read, matches fed, groups and seconds (median of runs).
// Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register libs/services/correlator/src/windows/bench/history-rebuild.bench.ts [events]
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { EVENT_HISTORY_MIGRATIONS, EventHistoryRepository } from '@quell/platform-event-history';
import { InProcessEventBus } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import { RuleCatalog } from '@quell/rules';
import { CorrelatorRules } from '../../rules/correlator-rules';
import { logonEvent } from '../../test/correlator-test-event';
import { bruteForce, FAILED_LOGON } from '../../test/correlator-test-rules';
import { WindowHistoryRebuild } from '../history-rebuild';
import { PartitionWindows } from '../partition-windows';

const EVENTS = Number(process.argv[2] ?? 100_000);
const ADDRESSES = 2_000;
const RUNS = 3;
const database = 'quell_rebuild_bench';

async function main(): Promise<void> {
  const client = createClickHouseClient({ dataDir: mkdtempSync(join(tmpdir(), 'quell-rebuild-bench-')) });
  await new MigrationRunner(client, { sets: [EVENT_HISTORY_MIGRATIONS], database }).run();
  const repository = new EventHistoryRepository(client, database);
  const now = Date.now();
  for (let done = 0; done < EVENTS; done += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, EVENTS - done) }, (_, i) => {
      const n = done + i;
      const ip = `10.${Math.floor((n % ADDRESSES) / 250)}.${n % 250}.1`;
      const time = now - 290_000 + Math.floor((n / EVENTS) * 280_000);
      return EventHistoryRepository.eventToRow({ ...logonEvent('failure', 0, ip), time, ingestTime: time });
    });
    await repository.insertBatch(batch, randomUUID());
  }
  const rules = CorrelatorRules.fromCatalog(RuleCatalog.build({ 'failed.yml': FAILED_LOGON, 'brute.yml': bruteForce(1_000_000) }));
  const bus = new InProcessEventBus({ logger: createLogger({ service: 'bench', level: 'silent' }), partitions: 3 });
  const rebuild = new WindowHistoryRebuild(repository, bus, { maxEvents: 10_000_000, allowedLatenessMs: 60_000 });
  const seconds: number[] = [];
  let last = { events: 0, matches: 0, groups: 0 };
  for (let run = 0; run < RUNS; run++) {
    const windows = new PartitionWindows(rules, [], { clock: Date.now, allowedLatenessMs: 60_000 });
    const started = performance.now();
    const summary = await rebuild.rebuild(rules, { topic: 'matches', partition: 0 }, (match) => windows.process(match));
    seconds.push((performance.now() - started) / 1000);
    last = { events: summary.events, matches: summary.matches, groups: windows.activeGroups };
  }
  const median = seconds.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  console.log(`history ${EVENTS} events: read ${last.events}, fed ${last.matches} matches into ${last.groups} groups of partition 0 in ${median.toFixed(2)} s (${Math.round(last.events / median)} events/s)`);
  await client.close();
}

void main();
