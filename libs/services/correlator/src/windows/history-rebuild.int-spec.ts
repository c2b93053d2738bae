import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event, RuleMatch } from '@quell/contracts';
import { type ClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { EVENT_HISTORY_MIGRATIONS, EventHistoryRepository } from '@quell/platform-event-history';
import { InProcessEventBus, valueBytes, type InboundRecord, type OutboundValue } from '@quell/platform-kafka';
import { createLogger, PipelineMetrics } from '@quell/platform-observability';
import { InMemoryStateStore } from '@quell/platform-state';
import type { CorrelatorConfig } from '../config';
import { CorrelatorMetrics } from '../correlator.metrics';
import { detectionsIn } from '../detection/events.handler';
import { RuleCatalog } from '@quell/rules';
import { killChainDetector, killChainProcessor } from '../killchain/killchain.processor';
import { bruteForce, FAILED_LOGON, stageRule } from '../test/correlator-test-rules';
import { logonEvent } from '../test/correlator-test-event';
import { InProcessCorrelator } from '../test/correlator-harness';
import { matchKeyOf } from '../detection/match-routing';
import { CorrelatorRules } from '../rules/correlator-rules';
import { CorrelatorRulesSource } from '../rules/rules.provider';
import { WindowHistoryRebuild, type HistoryRebuildOptions } from './history-rebuild';
import { PartitionWindows, type WindowsSnapshot } from './partition-windows';
import { MatchesHandler } from './matches.handler';
import { WindowStateStore } from './window-state';

const LATENESS = 60_000;
const PARTITIONS = 3;
/** The in-process bus's partitioner over the matches topic (the harness's bus has 3 partitions too). */
const bus = new InProcessEventBus({ logger: createLogger({ service: 'bus', level: 'silent' }), partitions: PARTITIONS });
const NOW = Date.now();

/** A failed logon from `ip`, `secondsAgo` before the test started. */
const failure = (ip: string, secondsAgo: number): Event => ({ ...logonEvent('failure', 0, ip), time: NOW - secondsAgo * 1000, ingestTime: NOW - secondsAgo * 1000 });

/** Each group of a partition's windows: engine, group key and the ids of the matches it holds. */
function groupsOf(snapshot: WindowsSnapshot | undefined): string[] {
  return Object.entries(snapshot?.engines ?? {})
    .flatMap(([engine, state]) => state.groups.map((g) => `${engine} ${g.groupKey} ${g.entries.map((e) => e[2]).sort().join(',')}`))
    .sort();
}

describe('window rebuild from ClickHouse history (chdb)', () => {
  /** One embedded engine per process: the live correlator and the rebuilds share its data directory. */
  const dataDir = mkdtempSync(join(tmpdir(), 'quell-rebuild-ch-'));
  const live = new InProcessCorrelator({ 'failed.yml': FAILED_LOGON, 'brute.yml': bruteForce(3) });
  let client: ClickHouseClient;
  let rules: CorrelatorRules;

  beforeAll(async () => {
    await live.start(undefined, { CLICKHOUSE_DATA_DIR: dataDir, CORRELATION_HISTORY_REBUILD: 'false', CORRELATION_ALLOWED_LATENESS_MS: String(LATENESS) });
    client = live.infra?.clickhouse as ClickHouseClient;
    rules = (live.service?.app.get(CorrelatorRulesSource) as CorrelatorRulesSource).current;
  });

  afterAll(async () => {
    await live.stop();
    await live.infra?.close();
  });

  /** A database of the test's own with `events` in its history, as the history writer stores them. */
  async function historyOf(events: Event[]): Promise<string> {
    const database = `quell_rebuild_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    await new MigrationRunner(client, { sets: [EVENT_HISTORY_MIGRATIONS], database }).run();
    await new EventHistoryRepository(client, database).insertBatch(events.map(EventHistoryRepository.eventToRow), randomUUID());
    return database;
  }

  async function rebuilt(database: string, partition: number, options: Partial<HistoryRebuildOptions> = {}, withRules = rules) {
    const windows = new PartitionWindows(withRules, [], { clock: Date.now, allowedLatenessMs: LATENESS });
    const fed: RuleMatch[] = [];
    const rebuild = new WindowHistoryRebuild(new EventHistoryRepository(client, database), bus, { maxEvents: 1_000, allowedLatenessMs: LATENESS, pageSize: 2, now: () => NOW, ...options });
    const summary = await rebuild.rebuild(withRules, { topic: live.topics.matches, partition }, (match) => {
      fed.push(match);
      windows.process(match);
    });
    return { windows, summary, fed };
  }

  it('gives each partition the windows live processing of the same events gave it, and only its own groups', async () => {
    const addresses = Array.from({ length: 8 }, (_, i) => `198.51.100.${i + 1}`);
    // 1 to 4 failures per address, within the last three minutes, in time order.
    const events = addresses.flatMap((ip, i) => Array.from({ length: (i % 4) + 1 }, (_, n) => failure(ip, 180 - n * 20 - i))).sort((a, b) => a.time - b.time);
    await live.send(events);
    // Groups of 3 and 4 failures open an episode; those of 4 update it too.
    await live.until(() => live.alerts().length === 6, 'the correlation alerts');
    await live.settle();
    const database = await historyOf(events);

    const stateStore = live.infra?.stateStore;
    if (!stateStore) throw new Error('the correlator has no state store');
    const store = new WindowStateStore(stateStore);
    let total = 0;
    let partitionsWithGroups = 0;
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const stored = await store.load(live.topics.matches, partition);
      const { windows, summary } = await rebuilt(database, partition);
      expect(groupsOf(windows.snapshot())).toEqual(groupsOf(stored?.windows ?? undefined));
      expect(summary.events).toBe(events.length);
      total += windows.activeGroups;
      if (windows.activeGroups > 0) partitionsWithGroups++;
    }
    expect(total).toBe(addresses.length);
    // The groups are spread: each partition's rebuild left the others' matches out.
    expect(partitionsWithGroups).toBeGreaterThan(1);
  });

  it('gives the same match ids as stage 1, so the same matches replayed from the topic count once', async () => {
    const events = [failure('203.0.113.1', 30), failure('203.0.113.1', 20)];
    const database = await historyOf(events);
    const fed = (await Promise.all(Array.from({ length: PARTITIONS }, (_, p) => rebuilt(database, p)))).flatMap((r) => r.fed);
    expect(fed.map((m) => m.matchId).sort()).toEqual(events.map((e) => `${e.id}#11111111-1111-4111-8111-111111111111`).sort());

    const partitionOf = await bus.keyPartitioner(live.topics.matches);
    const { windows } = await rebuilt(database, partitionOf(matchKeyOf(fed[0])));
    const again = windows.process(fed[0]);
    expect(again).toMatchObject({ opened: 0, updated: 0, alerts: [] });
  });

  it('reads back only the horizon: the longest timespan plus the allowed lateness', async () => {
    // bruteForce's timespan is 5 minutes: the horizon is 6 minutes.
    const inside = failure('203.0.113.2', 5 * 60);
    const outside = failure('203.0.113.2', 7 * 60);
    const database = await historyOf([outside, inside]);
    const results = await Promise.all(Array.from({ length: PARTITIONS }, (_, p) => rebuilt(database, p)));
    expect(results[0].summary.horizonMs).toBe(6 * 60_000);
    expect(results.map((r) => r.summary.events)).toEqual([1, 1, 1]);
    expect(results.flatMap((r) => r.fed.map((m) => m.eventId))).toEqual([inside.id]);
  });

  it('reads at most maxEvents per rebuild, the newest ones', async () => {
    const events = Array.from({ length: 7 }, (_, n) => failure('203.0.113.3', 70 - n * 10));
    const database = await historyOf(events);
    const results = await Promise.all(Array.from({ length: PARTITIONS }, (_, p) => rebuilt(database, p, { maxEvents: 3 })));
    for (const { summary } of results) expect(summary).toMatchObject({ events: 3, truncated: true });
    expect(results.flatMap((r) => r.fed.map((m) => m.eventId))).toEqual(events.slice(4).map((e) => e.id));
  });

  it('reads nothing when no correlation is loaded', async () => {
    const database = await historyOf([failure('203.0.113.4', 10)]);
    const { summary, fed } = await rebuilt(database, 0, {}, CorrelatorRules.builtin());
    expect(summary).toEqual({ events: 0, matches: 0, horizonMs: 0, truncated: false });
    expect(fed).toEqual([]);
  });

  /** Stage 2 as deployed, with a state store that holds nothing (a new process without Redis); with the kill chain on request. */
  function handlerOver(database: string, withRules = rules, killChain = false) {
    const metrics = new CorrelatorMetrics(new PipelineMetrics({ service: 'test', collectDefaults: false }));
    const config = { BATCH_MAX_RECORDS: 500, CORRELATION_ALLOWED_LATENESS_MS: LATENESS } as CorrelatorConfig;
    const history = new WindowHistoryRebuild(new EventHistoryRepository(client, database), bus, { maxEvents: 1_000, allowedLatenessMs: LATENESS });
    const logger = createLogger({ service: 'test', level: 'silent' });
    const source = { current: withRules } as CorrelatorRulesSource;
    const keyed = killChain ? [killChainProcessor({ clock: Date.now })] : [];
    const detectors = killChain ? [killChainDetector] : [];
    const handler = new MatchesHandler(live.codec, live.topics, source, new InMemoryStateStore(), config, logger, metrics, keyed, detectors, history);
    return { handler, metrics };
  }

  /** The stage-1 match of an event as stage 2 reads it from its partition of the matches topic. */
  async function recordOf(event: Event, offset: number): Promise<InboundRecord<RuleMatch>> {
    const [match] = detectionsIn(rules, event).matches;
    const partition = (await bus.keyPartitioner(live.topics.matches))(matchKeyOf(match));
    return { topic: live.topics.matches, partition, offset: String(offset), key: matchKeyOf(match), value: match, headers: {}, timestamp: 0 };
  }

  const alertsIn = (outputs: { topic: string; value: OutboundValue }[]) =>
    outputs.filter((o) => o.topic === live.topics.alerts).map((o) => live.codec.decode(valueBytes(o.value), 'Alert')).map((a) => `${a.id} ${a.eventCount}`);

  it('sends what the windows raised in history with the first batch, and counts a match the history held once', async () => {
    const events = [failure('203.0.113.5', 50), failure('203.0.113.5', 40), failure('203.0.113.5', 30)];
    const database = await historyOf(events);
    const { handler, metrics } = handlerOver(database);
    // The third failure reaches stage 2 after the restart; the history already holds it.
    const outputs = await handler.handle([await recordOf(events[2], 7)]);
    expect(alertsIn(outputs)).toEqual([expect.stringMatching(/ 3$/)]);
    const next = await handler.handle([await recordOf(failure('203.0.113.5', 20), 8)]);
    expect(alertsIn(next)).toEqual([alertsIn(outputs)[0].replace(/ 3$/, ' 4')]);
    const restores = await metrics.stateRestores.get();
    expect(restores.values).toEqual([expect.objectContaining({ labels: { outcome: 'rebuilt' }, value: 1 })]);
    expect((await metrics.rebuildEvents.get()).values[0].value).toBe(3);
    expect((await metrics.rebuildMatches.get()).values[0].value).toBe(3);
  });

  it('rebuilds, instead of trusting it, state that ends before the batch starts (another replica handled the offsets in between)', async () => {
    const events = [failure('203.0.113.7', 50), failure('203.0.113.7', 40), failure('203.0.113.7', 30), failure('203.0.113.7', 20)];
    const database = await historyOf([events[0]]);
    const { handler, metrics } = handlerOver(database);
    expect(alertsIn(await handler.handle([await recordOf(events[0], 0)]))).toEqual([]);
    // Offsets 1 and 2 went to another replica (its own in-memory store) during a rebalance; their events reached the history.
    await new EventHistoryRepository(client, database).insertBatch(events.slice(1, 3).map(EventHistoryRepository.eventToRow), randomUUID());
    const outputs = await handler.handle([await recordOf(events[3], 3)]);
    // Three in history plus the fourth: the window holds all four (without the rebuild it would hold two and raise nothing).
    expect(alertsIn(outputs).map((a) => a.split(' ')[1])).toEqual(['3', '4']);
    const restores = (await metrics.stateRestores.get()).values.map((v) => [v.labels.outcome, v.value]);
    expect(restores).toEqual([['rebuilt', 2]]);
  });

  it('starts empty, and handles the batch, when the history cannot be read', async () => {
    const { handler, metrics } = handlerOver('quell_no_such_database');
    const outputs = await handler.handle([await recordOf(failure('203.0.113.6', 10), 0)]);
    expect(alertsIn(outputs)).toEqual([]);
    expect((await metrics.stateRestores.get()).values).toEqual([expect.objectContaining({ labels: { outcome: 'rebuild_failed' }, value: 1 })]);
  });

  it('rebuilds kill-chain progress from the detection alerts of the history, a kill-chain window back', async () => {
    const stageRules = CorrelatorRules.fromCatalog(
      RuleCatalog.build({ 'access.yml': stageRule(1, 'access', 'initial-access'), 'run.yml': stageRule(2, 'run', 'execution'), 'stay.yml': stageRule(3, 'stay', 'persistence') }),
    );
    const host = { name: 'web-9', ip: '10.0.0.9' };
    const stage = (name: string, hoursAgo: number): Event => ({ ...logonEvent('success', 0, null, { host, user: null, original: { stage: name } }), time: NOW - hoursAgo * 3_600_000 });
    // Two tactics hours ago (no correlation is loaded: only the kill chain's 24 h horizon makes the rebuild read).
    const database = await historyOf([stage('access', 5), stage('run', 4)]);
    const { handler } = handlerOver(database, stageRules, true);
    const [alert] = detectionsIn(stageRules, stage('stay', 0)).alerts;
    const [match] = killChainDetector.follow?.([alert]) ?? [];
    const partition = (await bus.keyPartitioner(live.topics.matches))(matchKeyOf(match));
    const outputs = await handler.handle([{ topic: live.topics.matches, partition, offset: '0', key: matchKeyOf(match), value: match, headers: {}, timestamp: 0 }]);
    const escalations = outputs.filter((o) => o.topic === live.topics.alerts).map((o) => live.codec.decode(valueBytes(o.value), 'Alert'));
    expect(escalations).toEqual([expect.objectContaining({ rule: expect.objectContaining({ id: 'quell.killchain.host' }), tactics: ['initial-access', 'execution', 'persistence'] })]);
  });
});
