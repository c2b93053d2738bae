import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { AvroCodec, topicsFor, type Alert } from '@quell/contracts';
import { type ClickHouseClient, createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { EVENT_HISTORY, EVENT_HISTORY_MIGRATIONS, EventHistoryRepository } from '@quell/platform-event-history';
import { createKafka, EVENT_BUS, KafkaEventBus } from '@quell/platform-kafka';
import { LOGGER, METRICS, PipelineMetrics } from '@quell/platform-observability';
import { CODEC, TOPICS } from '@quell/platform-service-kit';
import { RedisStateStore, STATE_STORE } from '@quell/platform-state';
import { collectTopic, createTopics, requireKafkaBrokers, requireRedisUrl, uniqueName, waitFor, type TopicCollector } from '@quell/platform-testing';
import Redis from 'ioredis';
import { AnomalyMetrics } from './anomaly.metrics';
import { AnomalyModule, anomalyOptionsFromConfig } from './anomaly.module';
import { ANOMALY_RULES, type AnomalyRulesSource } from './anomaly-rules-source';
import { FIRST_SEEN_DETECTOR, type FirstSeenDetector } from './first-seen.detector';
import { rateProgressKey } from './rate-anomaly.scheduler';
import { logon, spread } from './test/history-event';

const WEEK = 7 * 86_400_000;
const brokers = requireKafkaBrokers();
const redis = new Redis(requireRedisUrl());
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };
/** The module's clock: 11:03 on Thursday 2026-11-26, so the 10:00–11:00 window has settled (settle 2 min). */
const NOW = Date.parse('2026-11-26T11:03:00Z');
const WINDOW_FROM = Date.parse('2026-11-26T10:00:00Z');

describe('AnomalyModule over real Kafka and ClickHouse (chdb)', () => {
  const prefix = uniqueName('anomaly');
  const topics = topicsFor(`${prefix}.`);
  const database = uniqueName('quell_anomaly_mod');
  const codec = new AvroCodec();
  const bus = new KafkaEventBus(createKafka({ brokers, clientId: 'anomaly-module-int-spec' }), { logger: silent });
  const statePrefix = `${prefix}:state:`;
  let client: ClickHouseClient;
  let moduleRef: TestingModule;
  let alerts: TopicCollector;
  let rulesFile: string;

  /** The anomaly module as a correlator process builds it, at clock `now`, over the shared stores (real adapters, not mocks). */
  async function startModule(file: string, now: number): Promise<TestingModule> {
    const started = await Test.createTestingModule({
      imports: [
        AnomalyModule.forRootAsync({
          useFactory: () => ({
            ...anomalyOptionsFromConfig({
              ANOMALY_RULES_FILE: file,
              ANOMALY_SCHEDULER: true,
              ANOMALY_TICK_MS: 60_000,
              ANOMALY_SETTLE_MS: 120_000,
              ANOMALY_MAX_CATCHUP_WINDOWS: 24,
              ANOMALY_KNOWN_PAIRS: 1_000,
            }),
            now: () => now,
            watch: { debounceMs: 20, pollIntervalMs: 100 },
          }),
        }),
      ],
    })
      .useMocker((token) => {
        // The providers PlatformModule makes global in a service.
        const platform = new Map<unknown, unknown>([
          [EVENT_HISTORY, new EventHistoryRepository(client, database)],
          [EVENT_BUS, bus],
          [CODEC, codec],
          [TOPICS, topics],
          [LOGGER, silent],
          [METRICS, new PipelineMetrics({ service: 'correlator', collectDefaults: false })],
          [STATE_STORE, new RedisStateStore(redis, statePrefix)],
        ]);
        if (!platform.has(token)) throw new Error(`unexpected dependency ${String(token)}`);
        return platform.get(token);
      })
      .compile();
    await started.init();
    return started;
  }

  beforeAll(async () => {
    client = createClickHouseClient({ dataDir: mkdtempSync(join(tmpdir(), 'quell-anomaly-mod-')) });
    await new MigrationRunner(client, { sets: [EVENT_HISTORY_MIGRATIONS], database }).run();
    const failed = (time: string) => logon(time, 'bob', 'web-1', { outcome: 'failure' });
    const seed = [1, 2, 3, 4].flatMap((week) => spread(new Date(WINDOW_FROM - week * WEEK).toISOString(), 2, failed));
    seed.push(...spread(new Date(WINDOW_FROM).toISOString(), 25, failed), logon('2026-11-20T09:00:00Z', 'alice', 'web-1'));
    await new EventHistoryRepository(client, database).insertBatch(seed.map(EventHistoryRepository.eventToRow), randomUUID());

    await createTopics(brokers, [topics.alerts], 1);
    alerts = await collectTopic(brokers, topics.alerts);

    rulesFile = join(mkdtempSync(join(tmpdir(), 'quell-anomaly-rules-')), 'anomaly.yaml');
    writeFileSync(rulesFile, 'rate:\n  - name: failed-logins-per-user\n    entity: user\n    filter: { outcome: failure }\nfirstSeen:\n  - name: user-on-host\n    entity: host\n    value: user\n');
    moduleRef = await startModule(rulesFile, NOW);
  }, 60_000);

  afterAll(async () => {
    await moduleRef?.close();
    await alerts?.stop();
    await bus.close();
    await client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await client.close();
    await redis.quit();
  });

  it('starts the scheduler at bootstrap and publishes the rate anomaly to the alerts topic', async () => {
    const message = await waitFor(() => alerts.messages[0], { description: 'an anomaly alert on the alerts topic', timeoutMs: 30_000 });
    const alert = codec.decode(message.value as Buffer, 'Alert');
    expect(message.key?.toString()).toBe(alert.fingerprint);
    expect(alert).toMatchObject({ kind: 'anomaly', rule: { id: 'anomaly:failed-logins-per-user' }, entities: [{ type: 'user', value: 'bob' }], eventCount: 25 });
    expect(alert.details['anomaly.baseline_samples']).toBe('2,2,2,2');
    expect(alert.explanation).toContain('user bob: 25 events');
  });

  it('provides the first-seen detector for stage 1', async () => {
    const detect = moduleRef.get<FirstSeenDetector>(FIRST_SEEN_DETECTOR);
    const found: Alert[] = await detect([logon('2026-11-26T10:30:00Z', 'alice', 'web-1'), logon('2026-11-26T10:30:00Z', 'mallory', 'web-1')]);
    expect(found.map((a) => a.details['anomaly.value'])).toEqual(['mallory']);
  });

  it('counts the scheduler run and its alert in the service metrics', async () => {
    const metrics = moduleRef.get(AnomalyMetrics);
    await waitFor(async () => ((await metrics.rateLastSuccess.get()).values.length > 0 ? true : undefined), { description: 'a successful run', timeoutMs: 30_000 });
    const runs = (await metrics.rateRuns.get()).values.map((v) => ({ ...v.labels, value: v.value }));
    expect(runs).toEqual([{ rule: 'anomaly:failed-logins-per-user', outcome: 'ok', value: 1 }]);
    expect((await metrics.rateAlerts.get()).values.map((v) => v.value)).toEqual([1]);
    expect((await metrics.rateLastSuccess.get()).values.map((v) => v.value)).toEqual([NOW / 1000]);
  });

  it('reloads the rules file while running: a broken version is counted and ignored, a good one drops the first-seen rule', async () => {
    const rules = moduleRef.get<AnomalyRulesSource>(ANOMALY_RULES);
    const metrics = moduleRef.get(AnomalyMetrics);
    const before = rules.current();
    writeFileSync(rulesFile, 'rate:\n  - name: failed-logins-per-user\n    entity: nobody\n');
    await waitFor(async () => ((await metrics.rulesReloadErrors.get()).values[0]?.value === 1 ? true : undefined), { description: 'the reload error', timeoutMs: 10_000 });
    expect(rules.current()).toBe(before);

    writeFileSync(rulesFile, 'rate:\n  - name: failed-logins-per-user\n    entity: user\n    filter: { outcome: failure }\n');
    await waitFor(() => (rules.current().firstSeen.length === 0 ? true : undefined), { description: 'the reloaded rules', timeoutMs: 10_000 });
    expect(rules.current().rate).toBe(before.rate);
    const detect = moduleRef.get<FirstSeenDetector>(FIRST_SEEN_DETECTOR);
    expect(await detect([logon('2026-11-26T10:40:00Z', 'trudy', 'web-1')])).toEqual([]);
  });

  it('stores the rate progress in Redis; a correlator restarted after an outage catches up the missed windows and raises the spike of the outage', async () => {
    const progressKey = statePrefix + rateProgressKey('anomaly:failed-logins-per-user');
    await waitFor(async () => ((await redis.get(progressKey)) === String(Date.parse('2026-11-26T11:00:00Z')) ? true : undefined), { description: 'the progress of 10:00–11:00 in Redis', timeoutMs: 30_000 });
    await moduleRef.close(); // the outage: 11:00–12:00 closes while no correlator runs

    // A spike of failed logins during the outage, against 2 an hour on the same hour of the 4 previous weeks.
    const OUTAGE_FROM = Date.parse('2026-11-26T11:00:00Z');
    const failed = (time: string) => logon(time, 'carol', 'web-2', { outcome: 'failure' });
    const rows = [1, 2, 3, 4].flatMap((week) => spread(new Date(OUTAGE_FROM - week * WEEK).toISOString(), 2, failed));
    rows.push(...spread(new Date(OUTAGE_FROM).toISOString(), 30, failed));
    await new EventHistoryRepository(client, database).insertBatch(rows.map(EventHistoryRepository.eventToRow), randomUUID());

    const file = join(mkdtempSync(join(tmpdir(), 'quell-anomaly-rules-')), 'anomaly.yaml');
    writeFileSync(file, 'rate:\n  - name: failed-logins-per-user\n    entity: user\n    filter: { outcome: failure }\n');
    const restartedAt = Date.parse('2026-11-26T13:03:00Z'); // 11:00–12:00 and 12:00–13:00 are due
    moduleRef = await startModule(file, restartedAt);

    const spike = await waitFor(
      () => alerts.messages.map((m) => codec.decode(m.value as Buffer, 'Alert')).find((a) => a.details['anomaly.window_from'] === '2026-11-26T11:00:00.000Z'),
      { description: 'the anomaly of the window missed during the outage', timeoutMs: 30_000 },
    );
    expect(spike).toMatchObject({ rule: { id: 'anomaly:failed-logins-per-user' }, entities: [{ type: 'user', value: 'carol' }], eventCount: 30 });
    await waitFor(async () => ((await redis.get(progressKey)) === String(Date.parse('2026-11-26T13:00:00Z')) ? true : undefined), {
      description: 'the progress after the catch-up',
      timeoutMs: 30_000,
    });
    const runs = (await moduleRef.get(AnomalyMetrics).rateRuns.get()).values.map((v) => ({ ...v.labels, value: v.value }));
    expect(runs).toEqual([{ rule: 'anomaly:failed-logins-per-user', outcome: 'ok', value: 2 }]);
  });
});
