import { parseAnomalyRules, type RateHistory, type RateRow, type RateRule, type TimeWindow } from '@quell/anomaly';
import type { Alert } from '@quell/contracts';
import { Registry } from 'prom-client';
import { AnomalyMetrics } from './anomaly.metrics';
import { RateAnomalyScheduler } from './rate-anomaly.scheduler';

const silent = { info: () => undefined, error: () => undefined };
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

function setup(metrics?: AnomalyMetrics) {
  const rules = rateRules(HOURLY, QUARTERLY);
  const history = new SpikingHistory();
  const published: Alert[][] = [];
  let failPublish = false;
  const sink = {
    publish: async (alerts: readonly Alert[]) => {
      if (failPublish) throw new Error('broker down');
      published.push([...alerts]);
    },
  };
  const scheduler = new RateAnomalyScheduler(rules, history, sink, { tickMs: 1_000, settleMs: 120_000, logger: silent, metrics });
  return { scheduler, history, published, failPublishing: (v: boolean) => (failPublish = v) };
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

  it('starts ticking and stops without leaving work in flight', async () => {
    const { scheduler, history } = setup();
    scheduler.start();
    await scheduler.stop();
    expect(history.asked.length).toBe(2);
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
});
