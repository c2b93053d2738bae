import type { Alert } from '@quell/contracts';
import { killChainAlertOf } from './killchain-alert';
import { killChainInputOfMatch, killChainMatchesOf } from './killchain-match';
import { KillChainTracker } from './killchain-tracker';

const T0 = Date.parse('2026-11-01T00:00:00Z');

function alert(id: string, minutes: number, tactics: string[]): Alert {
  return {
    id, tenant: 'acme', rule: { id: `rule-${id}`, title: `Rule ${id}`, version: null, level: 'high', author: null, tags: [] }, kind: 'detection',
    entities: [{ type: 'host', value: 'ws1' }, { type: 'user', value: 'alice' }, { type: 'ip', value: '10.0.0.1' }], fingerprint: id,
    firstSeen: T0 + minutes * 60_000, lastSeen: T0 + minutes * 60_000, eventCount: 1, sampleEventIds: [], tactics, techniques: [], killChainPhase: null,
    explanation: null, details: {}, suppression: { state: 'none', changeId: null, reason: null }, dedup: null,
  };
}

describe('kill-chain records for the correlator stage 2', () => {
  it('gives one record per host and user, keyed by the entity', () => {
    const matches = killChainMatchesOf(alert('a', 0, ['initial-access', 'not-a-tactic']));
    expect(matches.map((m) => [m.correlationId, m.groupKey, m.fields['tactics'], m.eventTime])).toEqual([
      ['killchain:host', '["ws1"]', 'initial-access', T0],
      ['killchain:user', '["alice"]', 'initial-access', T0],
    ]);
    expect(killChainMatchesOf(alert('b', 0, []))).toEqual([]);
  });

  it('carries what the tracker needs, end to end to an escalation', () => {
    const tracker = new KillChainTracker({ clock: () => 0 });
    const hostRecords = [alert('a', 0, ['initial-access']), alert('b', 5, ['execution']), alert('c', 10, ['persistence'])]
      .flatMap(killChainMatchesOf)
      .filter((m) => m.correlationId === 'killchain:host');
    const results = hostRecords.flatMap((m) => tracker.process(killChainInputOfMatch(m)));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ entity: { type: 'host', value: 'ws1' }, kind: 'opened' });
    expect(results[0].path.map((s) => `${s.tactic}:${s.alertId}:${s.ruleTitle}`)).toEqual(['initial-access:a:Rule a', 'execution:b:Rule b', 'persistence:c:Rule c']);
    // The escalation does not feed itself back.
    expect(killChainMatchesOf(killChainAlertOf(results[0]))).toEqual([]);
  });

  it('carries the event an alert stands on, so alerts of one event make one step', () => {
    const [record] = killChainMatchesOf({ ...alert('a', 0, ['execution']), sampleEventIds: ['ev-1', 'ev-2'] });
    expect(record.fields).toEqual({ tactics: 'execution', evidence: 'ev-1' });
    expect(killChainInputOfMatch(record)).toMatchObject({ alertId: 'a', evidenceId: 'ev-1' });
    expect(killChainInputOfMatch(killChainMatchesOf(alert('b', 0, ['execution']))[0])).not.toHaveProperty('evidenceId');
  });
});
