import { parseAnomalyRules, type RateHistory, type RateRow, type RateRule, type TimeWindow } from '@quell/anomaly';
import type { Alert } from '@quell/contracts';
import { RateAnomalyScheduler } from './rate-anomaly.scheduler';

const silent = { info: () => undefined, error: () => undefined };
const t = (iso: string) => Date.parse(iso);

/** One entity far above a steady baseline in every window; records the windows asked for. */
class SpikingHistory implements RateHistory {
  asked: TimeWindow[] = [];
  failNext = false;

  async rateRows(_rule: RateRule, window: TimeWindow): Promise<RateRow[]> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('ClickHouse unavailable');
    }
    this.asked.push(window);
    return [{ tenant: 'acme', entity: 'bob', observed: 50, baseline: { samples: [2, 2, 2, 2], mean: 2, std: 0 }, sampleWindows: [0, 1, 2, 3], firstSeen: window.from, lastSeen: window.from, sampleEventIds: [] }];
  }
}

function setup() {
  const rules = parseAnomalyRules({ rate: [{ name: 'hourly', entity: 'user' }, { name: 'quarterly', entity: 'user', interval: '15m', baseline: { kind: 'rolling', intervals: 4 } }] }).rate;
  const history = new SpikingHistory();
  const published: Alert[][] = [];
  let failPublish = false;
  const sink = {
    publish: async (alerts: readonly Alert[]) => {
      if (failPublish) throw new Error('broker down');
      published.push([...alerts]);
    },
  };
  const scheduler = new RateAnomalyScheduler(rules, history, sink, { tickMs: 1_000, settleMs: 120_000, logger: silent });
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
});
