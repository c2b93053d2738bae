import { parseAnomalyRules, type RateHistory, type RateRow, type RateRule, type TimeWindow } from '@quell/anomaly';
import type { Alert } from '@quell/contracts';
import { InMemoryStateStore, type StateStore } from '@quell/platform-state';
import { Registry } from 'prom-client';
import { AnomalyMetrics } from './anomaly.metrics';
import { RateAnomalyScheduler, rateProgressKey, type RateAnomalySchedulerOptions } from './rate-anomaly.scheduler';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const t = (iso: string) => Date.parse(iso);

/** One entity far above a steady baseline in every window; records the windows asked for. */
class SpikingHistory implements RateHistory {
  asked: TimeWindow[] = [];
  askedRules: string[] = [];
  failNext = false;
  /** Runs before the answer, e.g. a reload landing while the query is in flight. */
  during?: () => void;

  async rateRows(rule: RateRule, window: TimeWindow): Promise<RateRow[]> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('ClickHouse unavailable');
    }
    this.asked.push(window);
    this.askedRules.push(rule.id);
    this.during?.();
    return [{ tenant: 'acme', entity: 'bob', observed: 50, baseline: { samples: [2, 2, 2, 2], mean: 2, std: 0 }, sampleWindows: [0, 1, 2, 3], firstSeen: window.from, lastSeen: window.from, sampleEventIds: [] }];
  }
}

const rateRules = (...rules: object[]) => parseAnomalyRules({ rate: rules }).rate;
const HOURLY = { name: 'hourly', entity: 'user' };
const QUARTERLY = { name: 'quarterly', entity: 'user', interval: '15m', baseline: { kind: 'rolling', intervals: 4 } };

function setup(metrics?: AnomalyMetrics, rules = rateRules(HOURLY, QUARTERLY), more: Partial<RateAnomalySchedulerOptions> = {}) {
  const history = new SpikingHistory();
  const published: Alert[][] = [];
  let failPublish = false;
  const sink = {
    publish: async (alerts: readonly Alert[]) => {
      if (failPublish) throw new Error('broker down');
      published.push([...alerts]);
    },
  };
  const options = { tickMs: 1_000, settleMs: 120_000, maxCatchUpWindows: 24, store: new InMemoryStateStore(), logger: silent, metrics, ...more };
  const scheduler = new RateAnomalyScheduler(rules, history, sink, options);
  return { scheduler, history, published, sink, failPublishing: (v: boolean) => (failPublish = v) };
}

describe('RateAnomalyScheduler', () => {
  it('evaluates each rule on its latest window once that window has settled, and only once', async () => {
    const { scheduler, history } = setup();
    await scheduler.runDue(t('2026-11-28T11:01:59Z')); // 11:00 closed less than 2 minutes ago
    expect(history.asked.map((w) => new Date(w.to).toISOString())).toEqual(['2026-11-28T10:00:00.000Z', '2026-11-28T10:45:00.000Z']);
    await scheduler.runDue(t('2026-11-28T11:02:00Z'));
    expect(history.asked.map((w) => new Date(w.to).toISOString()).slice(2)).toEqual(['2026-11-28T11:00:00.000Z', '2026-11-28T11:00:00.000Z']);
    await scheduler.runDue(t('2026-11-28T11:10:00Z'));
    expect(history.asked).toHaveLength(4);
    await scheduler.runDue(t('2026-11-28T11:17:00Z'));
    expect(history.asked.map((w) => new Date(w.from).toISOString()).slice(4)).toEqual(['2026-11-28T11:00:00.000Z']);
  });

  it('publishes the alerts of a window and retries the window when the query or the publish failed', async () => {
    const { scheduler, history, published, failPublishing } = setup();
    history.failNext = true;
    failPublishing(true);
    expect(await scheduler.runDue(t('2026-11-28T11:02:00Z'))).toEqual([]);
    failPublishing(false);
    const alerts = await scheduler.runDue(t('2026-11-28T11:02:30Z'));
    expect(alerts.map((a) => a.rule.id)).toEqual(['anomaly:hourly', 'anomaly:quarterly']);
    expect(published.flat().map((a) => a.id)).toEqual(alerts.map((a) => a.id));
    expect(await scheduler.runDue(t('2026-11-28T11:03:00Z'))).toEqual([]);
  });

  it('gives two schedulers (two replicas) the same alert ids for the same window', async () => {
    const a = await setup().scheduler.runDue(t('2026-11-28T11:02:00Z'));
    const b = await setup().scheduler.runDue(t('2026-11-28T11:05:00Z'));
    expect(b.map((x) => x.id)).toEqual(a.map((x) => x.id));
  });

  it('ticks as soon as it starts; stopped mid-run, it finishes the window in flight and starts no other', async () => {
    const { scheduler, history, published } = setup();
    let stopping: Promise<void> | undefined;
    history.during = () => {
      stopping = scheduler.stop();
    };
    scheduler.start();
    while (!stopping) await new Promise((resolve) => setImmediate(resolve));
    await stopping;
    expect(history.askedRules).toEqual(['anomaly:hourly']);
    expect(published).toHaveLength(1);
  });

  describe('rules replaced while running', () => {
    it('stops evaluating a removed rule, even in a run already in flight', async () => {
      const { scheduler, history } = setup();
      history.during = () => {
        history.during = undefined;
        scheduler.setRules(rateRules(HOURLY)); // quarterly removed while hourly's query runs
      };
      await scheduler.runDue(t('2026-11-28T11:02:00Z'));
      expect(history.askedRules).toEqual(['anomaly:hourly']);
      await scheduler.runDue(t('2026-11-28T12:02:00Z'));
      expect(history.askedRules).toEqual(['anomaly:hourly', 'anomaly:hourly']);
    });

    it('starts a new rule at its next window, not on the window already due', async () => {
      const { scheduler, history } = setup();
      await scheduler.runDue(t('2026-11-28T11:02:00Z'));
      scheduler.setRules(rateRules(HOURLY, QUARTERLY, { name: 'new-hourly', entity: 'host' }), t('2026-11-28T11:30:00Z'));
      await scheduler.runDue(t('2026-11-28T11:30:00Z')); // 10:00–11:00 settled before the rule existed
      expect(history.askedRules.filter((id) => id === 'anomaly:new-hourly')).toEqual([]);
      await scheduler.runDue(t('2026-11-28T12:02:00Z'));
      const asked = history.askedRules.map((id, i) => [id, new Date(history.asked[i].from).toISOString()]);
      expect(asked.filter(([id]) => id === 'anomaly:new-hourly')).toEqual([['anomaly:new-hourly', '2026-11-28T11:00:00.000Z']]);
    });

    it('keeps the progress of a rule whose definition changed under the same id', async () => {
      const { scheduler, history } = setup();
      await scheduler.runDue(t('2026-11-28T11:02:00Z'));
      scheduler.setRules(rateRules({ ...HOURLY, threshold: { stdDevs: 5 } }, QUARTERLY));
      await scheduler.runDue(t('2026-11-28T11:05:00Z'));
      expect(history.askedRules).toHaveLength(2);
    });
  });

  describe('metrics', () => {
    type Sample = { rule?: string; outcome?: string; metric?: string; value: number };
    const valuesOf = async (metric: { get(): Promise<{ values: { labels: object; value: number; metricName?: string }[] }> }): Promise<Sample[]> =>
      (await metric.get()).values.map((v) => ({ ...v.labels, ...(v.metricName ? { metric: v.metricName } : {}), value: v.value }));

    it('counts runs by outcome, alerts and query times, and stamps each rule’s last success', async () => {
      const metrics = new AnomalyMetrics(new Registry());
      const { scheduler, history, failPublishing } = setup(metrics);
      history.failNext = true; // hourly's query fails
      failPublishing(true); // quarterly's publish fails
      await scheduler.runDue(t('2026-11-28T11:02:00Z'));
      failPublishing(false);
      await scheduler.runDue(t('2026-11-28T11:02:30Z'));

      expect(await valuesOf(metrics.rateRuns)).toEqual([
        { rule: 'anomaly:hourly', outcome: 'query_failed', value: 1 },
        { rule: 'anomaly:quarterly', outcome: 'publish_failed', value: 1 },
        { rule: 'anomaly:hourly', outcome: 'ok', value: 1 },
        { rule: 'anomaly:quarterly', outcome: 'ok', value: 1 },
      ]);
      expect(await valuesOf(metrics.rateAlerts)).toEqual([
        { rule: 'anomaly:hourly', value: 1 },
        { rule: 'anomaly:quarterly', value: 1 },
      ]);
      const lastSuccess = t('2026-11-28T11:02:30Z') / 1000;
      expect(await valuesOf(metrics.rateLastSuccess)).toEqual([
        { rule: 'anomaly:hourly', value: lastSuccess },
        { rule: 'anomaly:quarterly', value: lastSuccess },
      ]);
      // Every evaluation is timed, the failed one included: hourly twice, quarterly twice.
      const counts = (await valuesOf(metrics.rateQuerySeconds)).filter((v) => v.metric === 'quell_anomaly_rate_query_seconds_count');
      expect(counts.map(({ rule, value }) => [rule, value])).toEqual([
        ['anomaly:hourly', 2],
        ['anomaly:quarterly', 2],
      ]);

      scheduler.setRules(rateRules(QUARTERLY));
      expect((await valuesOf(metrics.rateLastSuccess)).map((v) => v.rule)).toEqual(['anomaly:quarterly']);
    });
  });

  describe('progress across restarts and downtime', () => {
    const HOURLY_KEY = rateProgressKey('anomaly:hourly');
    const hours = (windows: TimeWindow[]) => windows.map((w) => `${new Date(w.from).toISOString().slice(11, 13)}-${new Date(w.to).toISOString().slice(11, 13)}`);
    const storedHour = async (store: StateStore) => new Date(Number(await store.get(HOURLY_KEY))).toISOString();
    /** A scheduler of the hourly rule over `store`, as a process restarted at `now` would build it. */
    const restarted = (store: StateStore, more: Partial<RateAnomalySchedulerOptions> = {}) => setup(more.metrics, rateRules(HOURLY), { store, ...more });

    it('after a restart 3 windows behind, evaluates the 3 windows oldest first and publishes their alerts', async () => {
      const store = new InMemoryStateStore();
      await store.set(HOURLY_KEY, String(t('2026-11-28T08:00:00Z')));
      const { scheduler, history, published } = restarted(store);
      const alerts = await scheduler.runDue(t('2026-11-28T11:02:00Z'));
      expect(hours(history.asked)).toEqual(['08-09', '09-10', '10-11']);
      expect(published.map((batch) => batch.map((a) => a.details['anomaly.window_from']))).toEqual([
        ['2026-11-28T08:00:00.000Z'],
        ['2026-11-28T09:00:00.000Z'],
        ['2026-11-28T10:00:00.000Z'],
      ]);
      expect(new Set(alerts.map((a) => a.id)).size).toBe(3);
      expect(await storedHour(store)).toBe('2026-11-28T11:00:00.000Z');
      expect(await scheduler.runDue(t('2026-11-28T11:30:00Z'))).toEqual([]);
    });

    it('stores the progress after each window, so a crash mid-catch-up resumes at the next window', async () => {
      const store = new InMemoryStateStore();
      await store.set(HOURLY_KEY, String(t('2026-11-28T08:00:00Z')));
      const first = restarted(store);
      const storedAtPublish: string[] = [];
      const publish = first.sink.publish;
      first.sink.publish = async (alerts) => {
        storedAtPublish.push(await storedHour(store));
        if (storedAtPublish.length === 2) throw new Error('process killed'); // dies before the 2nd window is acknowledged
        await publish(alerts);
      };
      await first.scheduler.runDue(t('2026-11-28T11:02:00Z'));
      expect(storedAtPublish).toEqual(['2026-11-28T08:00:00.000Z', '2026-11-28T09:00:00.000Z']);
      expect(hours(first.history.asked)).toEqual(['08-09', '09-10']); // the failed publish stopped the catch-up there
      expect(await storedHour(store)).toBe('2026-11-28T09:00:00.000Z');

      const second = restarted(store);
      await second.scheduler.runDue(t('2026-11-28T11:05:00Z'));
      expect(hours(second.history.asked)).toEqual(['09-10', '10-11']);
      expect(await storedHour(store)).toBe('2026-11-28T11:00:00.000Z');
    });

    it('does not advance the progress past a window whose publish failed; the next tick retries it, then goes on', async () => {
      const store = new InMemoryStateStore();
      await store.set(HOURLY_KEY, String(t('2026-11-28T09:00:00Z')));
      const { scheduler, history, published, failPublishing } = restarted(store);
      failPublishing(true);
      await scheduler.runDue(t('2026-11-28T11:02:00Z'));
      expect(hours(history.asked)).toEqual(['09-10']);
      expect(await storedHour(store)).toBe('2026-11-28T09:00:00.000Z');
      failPublishing(false);
      await scheduler.runDue(t('2026-11-28T11:03:00Z'));
      expect(hours(history.asked)).toEqual(['09-10', '09-10', '10-11']);
      expect(published).toHaveLength(2);
      expect(await storedHour(store)).toBe('2026-11-28T11:00:00.000Z');
    });

    it('evaluates at most maxCatchUpWindows before the latest, and logs and counts the skipped ones once', async () => {
      const store = new InMemoryStateStore();
      await store.set(HOURLY_KEY, String(t('2026-11-28T03:00:00Z')));
      const metrics = new AnomalyMetrics(new Registry());
      const warnings: object[] = [];
      const logger = { ...silent, warn: (details: object) => void warnings.push(details) };
      const { scheduler, history } = restarted(store, { metrics, logger, maxCatchUpWindows: 2 });
      history.failNext = true; // the first window kept fails once: the skip is still counted once
      await scheduler.runDue(t('2026-11-28T11:02:00Z'));
      await scheduler.runDue(t('2026-11-28T11:03:00Z'));
      expect(hours(history.asked)).toEqual(['08-09', '09-10', '10-11']);
      expect((await metrics.rateWindowsSkipped.get()).values.map((v) => [v.labels.rule, v.value])).toEqual([['anomaly:hourly', 5]]);
      expect(warnings).toEqual([expect.objectContaining({ rule: 'anomaly:hourly', skipped: 5, resumeAt: '2026-11-28T08:00:00.000Z' })]);
      expect(await storedHour(store)).toBe('2026-11-28T11:00:00.000Z');
    });

    it('with maxCatchUpWindows 0 evaluates only the latest window', async () => {
      const store = new InMemoryStateStore();
      await store.set(HOURLY_KEY, String(t('2026-11-28T08:00:00Z')));
      const { scheduler, history } = restarted(store, { maxCatchUpWindows: 0 });
      await scheduler.runDue(t('2026-11-28T11:02:00Z'));
      expect(hours(history.asked)).toEqual(['10-11']);
    });

    it('starts a rule new to the store at its latest window, and one whose interval changed at its latest window', async () => {
      const store = new InMemoryStateStore();
      const fresh = restarted(store);
      await fresh.scheduler.runDue(t('2026-11-28T11:02:00Z'));
      expect(hours(fresh.history.asked)).toEqual(['10-11']);
      expect(await storedHour(store)).toBe('2026-11-28T11:00:00.000Z');

      await store.set(HOURLY_KEY, String(t('2026-11-28T07:45:00Z'))); // written when the rule ran every 15 minutes
      const changed = restarted(store);
      await changed.scheduler.runDue(t('2026-11-28T11:02:00Z'));
      expect(hours(changed.history.asked)).toEqual(['10-11']);
    });

    it('restarts at the latest window when the stored progress is unreadable', async () => {
      const store = new InMemoryStateStore();
      await store.set(HOURLY_KEY, 'yesterday');
      const { scheduler, history } = restarted(store);
      await scheduler.runDue(t('2026-11-28T11:02:00Z'));
      expect(hours(history.asked)).toEqual(['10-11']);
      expect(await storedHour(store)).toBe('2026-11-28T11:00:00.000Z');
    });

    it('counts store failures without crashing: a failed read waits for the next tick, a failed write keeps the progress in memory', async () => {
      const inner = new InMemoryStateStore();
      await inner.set(HOURLY_KEY, String(t('2026-11-28T09:00:00Z')));
      let failGet = true;
      let failSet = true;
      const store: StateStore = Object.assign(Object.create(inner) as StateStore, {
        get: (key: string) => (failGet ? Promise.reject(new Error('redis down')) : inner.get(key)),
        set: (key: string, value: string) => (failSet ? Promise.reject(new Error('redis down')) : inner.set(key, value)),
      });
      const metrics = new AnomalyMetrics(new Registry());
      const { scheduler, history, published } = restarted(store, { metrics });

      expect(await scheduler.runDue(t('2026-11-28T11:02:00Z'))).toEqual([]);
      expect(history.asked).toEqual([]); // its backlog is unknown: nothing evaluated, nothing skipped
      failGet = false;
      await scheduler.runDue(t('2026-11-28T11:03:00Z'));
      expect(hours(history.asked)).toEqual(['09-10', '10-11']);
      expect(published).toHaveLength(2);
      await scheduler.runDue(t('2026-11-28T11:04:00Z'));
      expect(history.asked).toHaveLength(2); // progress kept in memory although not stored
      expect(await storedHour(inner)).toBe('2026-11-28T09:00:00.000Z');

      const errors = (await metrics.rateProgressStoreErrors.get()).values.map((v) => ({ ...v.labels, value: v.value }));
      expect(errors).toEqual([
        { rule: 'anomaly:hourly', operation: 'read', value: 1 },
        { rule: 'anomaly:hourly', operation: 'write', value: 2 },
      ]);
      failSet = false;
      await scheduler.runDue(t('2026-11-28T12:02:00Z'));
      expect(await storedHour(inner)).toBe('2026-11-28T12:00:00.000Z');
    });
  });
});
