import { anomalyAlertId, anomalyFingerprint, buildRateAlert } from './anomaly-alert';
import { parseAnomalyRules } from './anomaly-rule-parser';
import { baselineStats, decideRate } from './rate-decision';
import { baselineWindows } from './rate-windows';

const [rule] = parseAnomalyRules({
  rate: [{ name: 'failed-logins-per-user', entity: 'user', filter: { className: 'authentication', outcome: 'failure' }, tactics: ['credential-access'], techniques: ['T1110'] }],
}).rate;

describe('anomaly alerts', () => {
  const window = { from: Date.parse('2026-11-28T10:00:00Z'), to: Date.parse('2026-11-28T11:00:00Z') };
  const windows = baselineWindows(window, rule.baseline);
  const stats = baselineStats([2, 2, 2, 2]);
  const alert = buildRateAlert({
    rule,
    tenant: 'acme',
    entity: 'bob',
    window,
    baselineWindows: windows,
    baselineSamples: stats.samples,
    requestedWindows: windows.length,
    decision: decideRate(rule.threshold, 40, stats),
    evidence: { firstSeen: window.from + 60_000, lastSeen: window.from + 120_000, sampleEventIds: ['a', 'b'] },
  });

  it('explains a rate finding in details and in one line', () => {
    expect(alert).toMatchObject({
      kind: 'anomaly',
      rule: { id: 'anomaly:failed-logins-per-user', level: 'medium', tags: ['attack.credential-access', 'attack.t1110'] },
      entities: [{ type: 'user', value: 'bob' }],
      eventCount: 40,
      killChainPhase: 'credential-access',
    });
    expect(alert.details).toMatchObject({
      'anomaly.type': 'rate',
      'anomaly.entity': 'bob',
      'anomaly.observed': '40',
      'anomaly.baseline_mean': '2',
      'anomaly.baseline_std': '0',
      'anomaly.baseline_effective_std': '1.41',
      'anomaly.baseline_std_floor': 'poisson',
      'anomaly.baseline_samples': '2,2,2,2',
      'anomaly.window_from': '2026-11-28T10:00:00.000Z',
      'anomaly.window_to': '2026-11-28T11:00:00.000Z',
      'anomaly.baseline_windows': windows.map((w) => `${new Date(w.from).toISOString()}/${new Date(w.to).toISOString()}`).join(','),
    });
    expect(alert.explanation).toContain('user bob: 40 events (className=authentication, outcome=failure)');
    expect(alert.explanation).toContain('baseline mean 2 std 0 (floored to √mean = 1.41) over 4 same hour of week windows');
    expect(alert.explanation.includes('\n')).toBe(false);
  });

  it('derives the id from rule, entity and window start, and the fingerprint from rule and entity', () => {
    const entities = [{ type: 'user', value: 'bob' }];
    expect(alert.id).toBe(anomalyAlertId('acme', rule.id, entities, window.from));
    expect(alert.id).not.toBe(anomalyAlertId('acme', rule.id, entities, window.to));
    expect(alert.fingerprint).toBe(anomalyFingerprint('acme', rule.id, entities));
    expect(anomalyFingerprint('acme', rule.id, [{ type: 'user', value: 'carol' }])).not.toBe(alert.fingerprint);
  });
});
