import { parseAnomalyRules } from './anomaly-rule-parser';
import type { Event } from '@quell/contracts';
import type { FirstSeenRule } from './anomaly-rule';
import { candidateKey, collectCandidates, FirstSeenEvaluator, pairKey, type PairCandidate, type PairHistory } from './first-seen-evaluator';
import { logon, testEvent } from './test/test-event';

const DAY = 86_400_000;

/** History as a list of sightings; counts the calls so tests can prove one query per batch. */
class FakeHistory implements PairHistory {
  calls: PairCandidate[][] = [];
  constructor(private readonly sightings: { key: string; at: number }[] = []) {}

  /** What the history writer does: each event's pairs become sightings. */
  store(events: Event[], storeRules: readonly FirstSeenRule[]): void {
    for (const c of collectCandidates(storeRules, events, 1)) this.sightings.push({ key: candidateKey(c), at: c.lastTime });
  }

  async lastSeen(candidates: readonly PairCandidate[]): Promise<Map<string, number>> {
    this.calls.push([...candidates]);
    const out = new Map<string, number>();
    for (const c of candidates) {
      const key = candidateKey(c);
      const times = this.sightings.filter((s) => s.key === key && s.at >= c.firstTime - c.rule.lookbackMs).map((s) => s.at);
      if (times.length > 0) out.set(key, Math.max(...times));
    }
    return out;
  }
}

const rules = parseAnomalyRules({
  firstSeen: [
    { name: 'user-on-host', entity: 'host', value: 'user', filter: { className: 'authentication', outcome: 'success' } },
    { name: 'process-on-host', entity: 'host', value: 'process' },
    { name: 'country-for-user', entity: 'user', value: { originalField: 'source.geo.country_iso_code' }, lookback: '7d' },
  ],
}).firstSeen;

describe('FirstSeenEvaluator', () => {
  it('raises one alert for a pair new to history, however often it occurs in the batch', async () => {
    const history = new FakeHistory();
    const evaluator = new FirstSeenEvaluator([rules[0]], history);
    const batch = [logon('2026-11-28T10:05:00Z', 'Alice', 'web-1'), logon('2026-11-28T10:01:00Z', 'alice', 'web-1'), logon('2026-11-28T10:09:00Z', 'ALICE', 'web-1')];
    const alerts = await evaluator.evaluate(batch);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'anomaly',
      rule: { id: 'anomaly:user-on-host' },
      entities: [
        { type: 'host', value: 'web-1' },
        { type: 'user', value: 'alice' },
      ],
      firstSeen: Date.parse('2026-11-28T10:01:00Z'),
      lastSeen: Date.parse('2026-11-28T10:09:00Z'),
      eventCount: 3,
      sampleEventIds: [batch[1].id, batch[0].id, batch[2].id],
    });
    expect(history.calls).toHaveLength(1);
  });

  it('asks history once per batch for all rules and pairs, and never again for a pair history confirmed', async () => {
    const history = new FakeHistory();
    const evaluator = new FirstSeenEvaluator(rules, history);
    const batch = [
      logon('2026-11-28T10:00:00Z', 'bob', 'web-1', { process: { pid: 1, name: 'sshd', executable: null, commandLine: null, parentName: null, parentCommandLine: null, parentExecutable: null, parentPid: null, hash: null } }),
      logon('2026-11-28T10:00:00Z', 'carol', 'web-2', { original: { 'source.geo.country_iso_code': 'FR' } }),
    ];
    const alerts = await evaluator.evaluate(batch);
    expect(alerts.map((a) => a.rule.id).sort()).toEqual(['anomaly:country-for-user', 'anomaly:process-on-host', 'anomaly:user-on-host', 'anomaly:user-on-host']);
    expect(history.calls).toHaveLength(1);
    expect(history.calls[0]).toHaveLength(4);

    // The history writer stores the batch; the next batch's lookup confirms the pairs, the one after costs nothing.
    history.store(batch, rules);
    const next = [logon('2026-11-28T11:00:00Z', 'bob', 'web-1'), logon('2026-11-28T11:00:00Z', 'carol', 'web-2')];
    expect(await evaluator.evaluate(next)).toEqual([]);
    expect(history.calls).toHaveLength(2);
    expect(await evaluator.evaluate(next.map((e) => ({ ...e, id: `${e.id}-again` })))).toEqual([]);
    expect(history.calls).toHaveLength(2);
  });

  it('raises the same alerts, with the same ids, when a batch is redelivered before history stored it', async () => {
    const evaluator = new FirstSeenEvaluator([rules[0]], new FakeHistory());
    const batch = [logon('2026-11-28T10:00:00Z', 'hank', 'web-9')];
    const first = await evaluator.evaluate(batch);
    const retried = await evaluator.evaluate(batch);
    expect(first).toHaveLength(1);
    expect(retried.map((a) => a.id)).toEqual(first.map((a) => a.id));
  });

  it('stays quiet for a pair seen within the lookback and alerts for one seen only before it', async () => {
    const at = Date.parse('2026-11-28T10:00:00Z');
    const history = new FakeHistory([
      { key: pairKey('anomaly:user-on-host', 'acme', 'web-1', 'dave'), at: at - 29 * DAY },
      { key: pairKey('anomaly:user-on-host', 'acme', 'web-1', 'erin'), at: at - 31 * DAY },
    ]);
    const alerts = await new FirstSeenEvaluator([rules[0]], history).evaluate([logon('2026-11-28T10:00:00Z', 'dave', 'web-1'), logon('2026-11-28T10:00:00Z', 'erin', 'web-1')]);
    expect(alerts.map((a) => a.details['anomaly.value'])).toEqual(['erin']);
    expect(alerts[0].details['anomaly.lookback_from']).toBe('2026-10-29T10:00:00.000Z');
  });

  it('forgets a cached pair once its last sighting falls out of the lookback', async () => {
    const seenAt = Date.parse('2026-11-01T10:00:00Z');
    const history = new FakeHistory([{ key: pairKey('anomaly:country-for-user', 'acme', 'frank', 'FR'), at: seenAt }]);
    const evaluator = new FirstSeenEvaluator([rules[2]], history);
    const fr = (time: string) => logon(time, 'frank', 'web-1', { original: { 'source.geo.country_iso_code': 'FR' } });
    expect(await evaluator.evaluate([fr('2026-11-05T10:00:00Z')])).toHaveLength(0);
    expect(await evaluator.evaluate([fr('2026-11-06T10:00:00Z')])).toHaveLength(0);
    expect(history.calls).toHaveLength(1);
    // Last sighting 2026-11-06 + 7 days < 2026-11-14: the cache no longer vouches, history is asked and has nothing that recent.
    expect(await evaluator.evaluate([fr('2026-11-14T10:00:00Z')])).toHaveLength(1);
    expect(history.calls).toHaveLength(2);
  });

  it('counts only events its filter and tenants accept, and skips events without both attributes', async () => {
    const history = new FakeHistory();
    const [rule] = parseAnomalyRules({
      firstSeen: [{ name: 'u', entity: 'host', value: 'user', tenants: ['acme'], filter: { outcome: 'success' } }],
    }).firstSeen;
    const alerts = await new FirstSeenEvaluator([rule], history).evaluate([
      logon('2026-11-28T10:00:00Z', 'gina', 'web-1', { outcome: 'failure' }),
      logon('2026-11-28T10:00:00Z', 'gina', 'web-1', { tenant: 'other' }),
      testEvent('2026-11-28T10:00:00Z', { host: { name: 'web-1', ip: null } }),
    ]);
    expect(alerts).toEqual([]);
    expect(history.calls).toHaveLength(0);
  });

  it('keeps the cache bounded', async () => {
    const known = Array.from({ length: 20 }, (_, i) => ({ key: pairKey('anomaly:user-on-host', 'acme', 'web-1', `u${i}`), at: Date.parse('2026-11-27T10:00:00Z') }));
    const evaluator = new FirstSeenEvaluator([rules[0]], new FakeHistory(known), { cacheSize: 5 });
    await evaluator.evaluate(Array.from({ length: 20 }, (_, i) => logon('2026-11-28T10:00:00Z', `u${i}`, 'web-1')));
    expect(evaluator.cachedPairs).toBe(5);
  });
});
