import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { baselineStats, evaluateRateRule, FirstSeenEvaluator, parseAnomalyRules } from '@quell/anomaly';
import type { Event } from '@quell/contracts';
import { type ClickHouseClient, createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { EVENT_HISTORY_MIGRATIONS, EventHistoryRepository } from '@quell/platform-event-history';
import { uniqueName } from '@quell/platform-testing';
import { ClickHousePairHistory } from './clickhouse-pair-history';
import { ClickHouseRateHistory } from './clickhouse-rate-history';
import { historyEvent, logon, spread } from './test/history-event';

const WEEK = 7 * 86_400_000;
const DAY = 86_400_000;
/** The evaluated hour: Thursday 2026-11-26 10:00–11:00 UTC; its baseline is the four Thursdays before. */
const WINDOW = { from: Date.parse('2026-11-26T10:00:00Z'), to: Date.parse('2026-11-26T11:00:00Z') };
const weeksBefore = (n: number, ms = WINDOW.from) => new Date(ms - n * WEEK).toISOString();
const failed = (user: string) => (time: string) => logon(time, user, 'web-1', { outcome: 'failure' });

const { rate, firstSeen } = parseAnomalyRules({
  rate: [
    {
      name: 'failed-logins-per-user',
      entity: 'user',
      filter: { className: 'authentication', outcome: 'failure' },
      tactics: ['credential-access'],
      techniques: ['T1110'],
    },
  ],
  firstSeen: [
    { name: 'user-on-host', entity: 'host', value: 'user', filter: { className: 'authentication' } },
    { name: 'process-on-host', entity: 'host', value: 'process', filter: { className: 'process' } },
    { name: 'country-for-user', entity: 'user', value: { originalField: 'source.geo.country_iso_code' } },
  ],
});

/** History for the rate rule: four steady weeks, then the evaluated hour. */
function rateSeed(): Event[] {
  const events: Event[] = [];
  for (let week = 1; week <= 4; week += 1) {
    const hour = weeksBefore(week);
    events.push(...spread(hour, 2, failed('Bob'))); // bob: 2 failed logins in that hour every week
    events.push(...spread(hour, week % 2 === 0 ? 14 : 12, failed('carol'))); // carol: 12 or 14
    // Outside the baseline windows: must not count.
    events.push(...spread(new Date(Date.parse(hour) - 3_600_000).toISOString(), 20, failed('bob')));
    events.push(...spread(new Date(Date.parse(hour) + 86_400_000).toISOString(), 20, failed('bob')));
  }
  const now = new Date(WINDOW.from).toISOString();
  events.push(...spread(now, 30, failed('bob'))); // bob jumps to 30
  events.push(...spread(now, 14, failed('carol'))); // carol stays steady
  events.push(...spread(now, 50, (t) => logon(t, 'erin', 'web-1'))); // successes: not counted by the rule
  events.push(...spread(now, 40, (t) => ({ ...failed('newcomer')(t), tenant: 'fresh' }))); // a tenant without history
  return events;
}

describe('anomalies over ClickHouse history (chdb)', () => {
  let client: ClickHouseClient;
  let repository: EventHistoryRepository;
  const database = uniqueName('quell_anomaly');
  const insert = (events: Event[]) => repository.insertBatch(events.map(EventHistoryRepository.eventToRow), randomUUID());

  beforeAll(async () => {
    client = createClickHouseClient({ dataDir: mkdtempSync(join(tmpdir(), 'quell-anomaly-')) });
    await new MigrationRunner(client, { sets: [EVENT_HISTORY_MIGRATIONS], database }).run();
    repository = new EventHistoryRepository(client, database);
    await insert(rateSeed());
  });

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await client.close();
  });

  describe('rate against the same hour of week', () => {
    it('raises exactly one alert, for the user whose failed logins jumped, with its baseline and observed count', async () => {
      const alerts = await evaluateRateRule(rate[0], WINDOW, new ClickHouseRateHistory(repository));
      expect(alerts).toHaveLength(1);
      const [alert] = alerts;
      expect(alert).toMatchObject({
        tenant: 'acme',
        kind: 'anomaly',
        rule: { id: 'anomaly:failed-logins-per-user' },
        entities: [{ type: 'user', value: 'bob' }],
        eventCount: 30,
        firstSeen: Date.parse('2026-11-26T10:01:00Z'),
        lastSeen: Date.parse('2026-11-26T10:30:00Z'),
      });
      expect(alert.sampleEventIds).toHaveLength(10);
      expect(alert.details).toMatchObject({
        'anomaly.observed': '30',
        'anomaly.baseline_samples': '2,2,2,2',
        'anomaly.baseline_mean': '2',
        'anomaly.baseline_std': '0',
        'anomaly.baseline_effective_std': '1.41',
        'anomaly.baseline_sample_count': '4',
        'anomaly.window_from': '2026-11-26T10:00:00.000Z',
        'anomaly.window_to': '2026-11-26T11:00:00.000Z',
        'anomaly.baseline_windows': [1, 2, 3, 4].map((n) => `${weeksBefore(n)}/${weeksBefore(n, WINDOW.to)}`).join(','),
      });
      expect(alert.explanation).toMatch(/^user bob: 30 events .* baseline mean 2 std 0 /);
    });

    it('computes in ClickHouse the mean and std the pure logic computes from the same samples', async () => {
      const rows = await new ClickHouseRateHistory(repository).rateRows(rate[0], WINDOW, [1, 2, 3, 4].map((n) => ({ from: WINDOW.from - n * WEEK, to: WINDOW.to - n * WEEK })));
      const carol = rows.find((r) => r.entity === 'carol');
      expect(carol?.observed).toBe(14);
      expect(carol?.baseline.samples).toEqual([12, 14, 12, 14]);
      const expected = baselineStats([12, 14, 12, 14]);
      expect(carol?.baseline.mean).toBeCloseTo(expected.mean, 9);
      expect(carol?.baseline.std).toBeCloseTo(expected.std, 9);
      // The tenant without history has no sample at all (not four zeros), so it cannot alert.
      expect(rows.find((r) => r.tenant === 'fresh')).toMatchObject({ entity: 'newcomer', observed: 40, baseline: { samples: [] } });
      // Below minObserved: left out by the query.
      expect(rows.map((r) => r.entity)).not.toContain('erin');
    });

    it('gives the same alert id when the window is evaluated again (a second replica, a restart)', async () => {
      const history = new ClickHouseRateHistory(repository);
      const [first] = await evaluateRateRule(rate[0], WINDOW, history);
      const [second] = await evaluateRateRule(rate[0], WINDOW, history);
      expect(second.id).toBe(first.id);
      expect(second.fingerprint).toBe(first.fingerprint);
    });

    it('counts a week without the entity as 0 when the tenant has history in it, and skips a week without history', async () => {
      const [rule] = parseAnomalyRules({ rate: [{ name: 'r', entity: 'user', tenants: ['acme'], filter: { outcome: 'failure' }, baseline: { kind: 'same-hour-of-week', weeks: 6 } }] }).rate;
      const baseline = [1, 2, 3, 4, 5, 6].map((n) => ({ from: WINDOW.from - n * WEEK, to: WINDOW.to - n * WEEK }));
      // dana fails in week 1 only; weeks 5 and 6 hold no history at all for the tenant.
      const dana = [...spread(weeksBefore(1), 3, failed('dana')), ...spread(new Date(WINDOW.from).toISOString(), 12, failed('dana'))];
      await insert(dana);
      const row = (await new ClickHouseRateHistory(repository).rateRows(rule, WINDOW, baseline)).find((r) => r.entity === 'dana');
      expect(row).toMatchObject({ observed: 12, baseline: { samples: [3, 0, 0, 0] }, sampleWindows: [0, 1, 2, 3] });
    });
  });

  it('evaluates a rolling baseline per host: the intervals right before the window', async () => {
    const [rule] = parseAnomalyRules({ rate: [{ name: 'host-burst', entity: 'host', interval: '15m', baseline: { kind: 'rolling', intervals: 3 }, threshold: { minObserved: 5 } }] }).rate;
    const window = { from: Date.parse('2026-11-27T06:45:00Z'), to: Date.parse('2026-11-27T07:00:00Z') };
    const at = (ms: number) => new Date(ms).toISOString();
    const quarter = (from: number, count: number) => Array.from({ length: count }, (_, i) => historyEvent(at(from + i * 10_000), { host: { name: 'db-9', ip: null } }));
    await insert([...quarter(window.from - 45 * 60_000, 3), ...quarter(window.from - 30 * 60_000, 4), ...quarter(window.from - 15 * 60_000, 5), ...quarter(window.from, 40)]);
    const [alert] = await evaluateRateRule(rule, window, new ClickHouseRateHistory(repository));
    expect(alert.entities).toEqual([{ type: 'host', value: 'db-9' }]);
    expect(alert.details).toMatchObject({
      'anomaly.observed': '40',
      'anomaly.baseline_samples': '5,4,3',
      'anomaly.baseline_mean': '4',
      'anomaly.baseline_windows': '2026-11-27T06:30:00.000Z/2026-11-27T06:45:00.000Z,2026-11-27T06:15:00.000Z/2026-11-27T06:30:00.000Z,2026-11-27T06:00:00.000Z/2026-11-27T06:15:00.000Z',
    });
  });

  describe('first-seen values', () => {
    const at = '2026-11-26T10:30:00Z';
    const daysBefore = (n: number) => new Date(Date.parse(at) - n * DAY).toISOString();

    beforeAll(async () => {
      await insert([
        logon(daysBefore(6), 'alice', 'web-1'),
        logon(daysBefore(56), 'frank', 'web-2'), // only before the 30-day lookback
        logon(daysBefore(3), 'alice', 'web-7', { original: { 'source.geo.country_iso_code': 'FR' } }),
        historyEvent(daysBefore(2), {
          className: 'process',
          host: { name: 'web-1', ip: null },
          process: { pid: 1, name: 'SSHD', executable: null, commandLine: null, parentName: null, parentCommandLine: null, parentExecutable: null, parentPid: null, hash: null },
        }),
      ]);
    });

    function counting(inner: ClickHouseClient): { client: ClickHouseClient; queries: () => number } {
      let queries = 0;
      const proxy = new Proxy(inner, {
        get(target, prop, receiver) {
          if (prop === 'query') return (...args: Parameters<ClickHouseClient['query']>) => ((queries += 1), target.query(...args));
          return Reflect.get(target, prop, receiver);
        },
      });
      return { client: proxy, queries: () => queries };
    }

    it('alerts for a new pair and a pair seen only before the lookback, not for one seen within it, in one query', async () => {
      const { client: observed, queries } = counting(client);
      const evaluator = new FirstSeenEvaluator(firstSeen, new ClickHousePairHistory(new EventHistoryRepository(observed, database)));
      const batch = [
        logon(at, 'ALICE', 'web-1'), // seen 6 days ago
        logon(at, 'frank', 'web-2'), // seen 56 days ago only
        logon(at, 'gina', 'web-3'), // never seen
        logon('2026-11-26T10:31:00Z', 'gina', 'web-3'), // same new pair again in the batch
        logon(at, 'alice', 'web-7', { original: { 'source.geo.country_iso_code': 'FR' } }), // known country
        logon(at, 'alice', 'web-7', { original: { 'source.geo.country_iso_code': 'KP' } }), // new country
        historyEvent(at, { className: 'process', host: { name: 'web-1', ip: null }, process: { pid: 2, name: 'sshd', executable: null, commandLine: null, parentName: null, parentCommandLine: null, parentExecutable: null, parentPid: null, hash: null } }),
      ];
      // The history writer may have stored the batch before the detector runs: its own events must not count.
      await insert(batch);
      const alerts = await evaluator.evaluate(batch);
      expect(queries()).toBe(1);
      const found = alerts.map((a) => `${a.rule.id} ${a.entities.map((e) => `${e.type}=${e.value}`).join(' ')}`).sort();
      expect(found).toEqual([
        'anomaly:country-for-user user=alice source.geo.country_iso_code=KP',
        'anomaly:user-on-host host=web-2 user=frank',
        'anomaly:user-on-host host=web-3 user=gina',
      ]);
      const gina = alerts.find((a) => a.details['anomaly.value'] === 'gina');
      expect(gina).toMatchObject({ eventCount: 2, firstSeen: Date.parse(at), lastSeen: Date.parse('2026-11-26T10:31:00Z') });
      expect(gina?.details).toMatchObject({ 'anomaly.lookback_from': '2026-10-27T10:30:00.000Z', 'anomaly.lookback_to': '2026-11-26T10:30:00.000Z' });

      // The same pairs again: history now holds the batch, so the alerted pairs are confirmed (one
      // more query) and cached with the rest; a third batch is answered from memory.
      const again = () => batch.map((e) => ({ ...e, id: randomUUID(), time: e.time + 60_000 }));
      expect(await evaluator.evaluate(again())).toEqual([]);
      expect(queries()).toBe(2);
      expect(await evaluator.evaluate(again())).toEqual([]);
      expect(queries()).toBe(2);
    });

    it('gives a restarted detector (empty cache) no alert for pairs an earlier batch stored', async () => {
      const alerts = await new FirstSeenEvaluator(firstSeen, new ClickHousePairHistory(repository)).evaluate([logon('2026-11-26T12:00:00Z', 'gina', 'web-3')]);
      expect(alerts).toEqual([]);
    });
  });
});
