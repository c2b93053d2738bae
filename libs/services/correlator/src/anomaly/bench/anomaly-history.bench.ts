// Probe: how the anomaly queries behave on a history of realistic size in the embedded engine:
// rows seeded, time of one rate-rule evaluation and of one first-seen batch lookup (median of
// runs), the daily partitions and granules ClickHouse reads for each (EXPLAIN indexes = 1), and a
// cached first-seen batch, which makes no query. Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register libs/services/correlator/src/anomaly/bench/anomaly-history.bench.ts [eventsPerHour] [weeks]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FirstSeenEvaluator, baselineWindows, collectCandidates, parseAnomalyRules } from '@quell/anomaly';
import type { Event } from '@quell/contracts';
import { type ClickHouseClient, createClickHouseClient, MigrationRunner, toDateTime64 } from '@quell/platform-clickhouse';
import { EVENT_HISTORY_MIGRATIONS, EventHistoryRepository, eventsTable } from '@quell/platform-event-history';
import { ClickHousePairHistory } from '../clickhouse-pair-history';
import { ClickHouseRateHistory } from '../clickhouse-rate-history';
import { logon } from '../test/history-event';

const PER_HOUR = Number(process.argv[2] ?? 3_000);
const WEEKS = Number(process.argv[3] ?? 5);
const USERS = 2_000;
const HOSTS = 200;
const RUNS = 5;
const database = 'quell_bench';
const end = Date.parse('2026-11-26T11:00:00Z');
const start = end - WEEKS * 7 * 86_400_000;

const { rate, firstSeen } = parseAnomalyRules({
  rate: [{ name: 'failed-logins-per-user', entity: 'user', filter: { className: 'authentication', outcome: 'failure' } }],
  firstSeen: [{ name: 'user-on-host', entity: 'host', value: 'user', filter: { className: 'authentication' } }],
});

/** Captures the last query so it can be EXPLAINed with the same parameters. */
function capturing(client: ClickHouseClient) {
  const last: { query?: string; params?: Record<string, unknown>; count: number } = { count: 0 };
  const proxy = new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver);
      return (args: Parameters<ClickHouseClient['query']>[0]) => {
        last.count += 1;
        last.query = args.query;
        last.params = args.query_params;
        return target.query(args);
      };
    },
  });
  return { proxy, last };
}

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

async function explain(client: ClickHouseClient, last: { query?: string; params?: Record<string, unknown> }): Promise<string> {
  const result = await client.query({ query: `EXPLAIN indexes = 1 ${last.query}`, query_params: last.params, format: 'TabSeparatedRaw' });
  const text = await result.text();
  if (process.env['EXPLAIN_RAW']) console.log(text);
  // Per table read: the parts and granules read, out of those the table has (Min-Max is the first index applied).
  return text
    .split('ReadFromMergeTree')
    .slice(1)
    .map((read) => {
      const final = /Parts: (\d+) \| Granules: (\d+)/.exec(read);
      const total = /Min-Max[\s\S]*?Parts: \d+\/(\d+)[\s\S]*?Granules: \d+\/(\d+)/.exec(read);
      return `read ${final?.[1]}/${total?.[1]} parts, ${final?.[2]}/${total?.[2]} granules`;
    })
    .join('; ');
}

async function main(): Promise<void> {
  const client = createClickHouseClient({ dataDir: mkdtempSync(join(tmpdir(), 'quell-anomaly-bench-')) });
  await new MigrationRunner(client, { sets: [EVENT_HISTORY_MIGRATIONS], database }).run();
  const rows = Math.round(((end - start) / 3_600_000) * PER_HOUR);
  const step = (end - start) / rows;
  const t0 = performance.now();
  await client.command({
    query: `INSERT INTO ${eventsTable(database)} (id, tenant, time, ingest_time, class_name, action, outcome, host_name, user_name, src_ip)
      SELECT toString(number), 'acme', t, t, 'authentication', 'logon', if(number % 10 = 0, 'failure', 'success'),
        concat('host-', toString(number % ${HOSTS})), concat('user', toString(intDiv(number, 7) % ${USERS})), '10.0.0.1'
      FROM (SELECT number, toDateTime64({start:DateTime64(3, 'UTC')}, 3, 'UTC') + toIntervalMillisecond(toUInt64(number * {step:Float64})) AS t FROM numbers({rows:UInt64}))`,
    query_params: { start: toDateTime64(start), step, rows },
  });
  console.log(`seeded ${rows.toLocaleString('en')} events (${PER_HOUR}/h over ${WEEKS} weeks, ${USERS} users, ${HOSTS} hosts) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const { proxy, last } = capturing(client);
  const window = { from: end - 3_600_000, to: end };
  const rateHistory = new ClickHouseRateHistory(new EventHistoryRepository(proxy, database));
  const rows1 = await rateHistory.rateRows({ ...rate[0], threshold: { ...rate[0].threshold, minObserved: 1 } }, window, baselineWindows(window, rate[0].baseline));
  const rateMs = await median(() => rateHistory.rateRows(rate[0], window, baselineWindows(window, rate[0].baseline)));
  console.log(`rate rule (4 same-hour-of-week windows, ${rows1.length} users with failures in the hour): median ${rateMs.toFixed(1)} ms; ${await explain(client, last)}`);

  // A batch of 500 logons: half pairs the history holds (event n had user intDiv(n, 7) on host n), half new users.
  const batch: Event[] = Array.from({ length: 500 }, (_, i) => {
    const n = rows - 1 - i * 997;
    return i % 2 === 0
      ? logon('2026-11-26T11:10:00Z', `user${Math.floor(n / 7) % USERS}`, `host-${n % HOSTS}`)
      : logon('2026-11-26T11:10:00Z', `newcomer${i}`, `host-${n % HOSTS}`);
  });
  const pairHistory = new ClickHousePairHistory(new EventHistoryRepository(proxy, database));
  const candidates = collectCandidates(firstSeen, batch, 10);
  const ids = batch.map((e) => e.id);
  const seen = await pairHistory.lastSeen(candidates, ids);
  const pairMs = await median(() => pairHistory.lastSeen(candidates, ids));
  console.log(`first-seen lookup (${candidates.length} pairs, ${seen.size} found in 30 days): median ${pairMs.toFixed(1)} ms; ${await explain(client, last)}`);

  // The events topic is keyed by host, so a real batch holds few hosts: the sort key (tenant, host_name) then prunes.
  const fewHosts = batch.map((e, i) => ({ ...e, host: { name: `host-${i % 5}`, ip: null } }));
  const fewCandidates = collectCandidates(firstSeen, fewHosts, 10);
  const fewMs = await median(() => pairHistory.lastSeen(fewCandidates, ids));
  console.log(`first-seen lookup (${fewCandidates.length} pairs on 5 hosts): median ${fewMs.toFixed(1)} ms; ${await explain(client, last)}`);

  const evaluator = new FirstSeenEvaluator(firstSeen, pairHistory, { cacheSize: 100_000 });
  await evaluator.evaluate(batch);
  const knownBatch = batch.filter((_, i) => i % 2 === 0).map((e) => ({ ...e, id: `${e.id}-again` }));
  const before = last.count;
  const cachedMs = await median(() => evaluator.evaluate(knownBatch));
  console.log(`first-seen batch of ${knownBatch.length} cached pairs: median ${cachedMs.toFixed(2)} ms, ${last.count - before} queries in ${RUNS} runs`);
  await client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
