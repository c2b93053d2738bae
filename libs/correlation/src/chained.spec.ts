import { CorrelationRuleError } from './correlation-rule-error';
import { correlationsFrom, engineFor, feed, hit, kinds } from './engine.test-util';

// The specification's complete example: failed logins followed by a successful login.
const BRUTE_FORCE = `
title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
status: experimental
correlation:
    type: temporal_ordered
    rules:
        - multiple_failed_login
        - successful_login
    group-by:
        - User
    timespan: 10m
level: high
---
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: multiple_failed_login
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - User
    timespan: 10m
    condition:
        gte: 10
---
title: Single failed login
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_login
logsource: { product: windows, service: security }
detection:
    selection:
        EventID: [529, 4625]
    condition: selection
---
title: Successful login
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
name: successful_login
logsource: { product: windows, service: security }
detection:
    selection:
        EventID: [528, 4624]
    condition: selection
`;
const OUTER = 'b180ead8-d58f-40b2-ae54-c8940995b9b6';
const INNER = 'a8418a5a-5fc4-46b5-b23b-6c73beb19d41';
const failed = (s: number, user = 'alice') => hit('53ba33fd-3a50-4468-a5ef-c583635cfa92', s, { User: user, EventID: 4625 }, { ruleName: 'failed_login', level: 'low' });
const success = (s: number, user = 'alice') => hit('4d0a2c83-c62c-4ed4-b475-c7e23a9269b8', s, { User: user, EventID: 4624 }, { ruleName: 'successful_login' });
const tenFailures = (from = 0, user = 'alice') => Array.from({ length: 10 }, (_, i) => failed(from + i * 10, user));

describe('chained correlations', () => {
  it('raises the outer alert when ten failures are followed by a success (specification example)', () => {
    const results = feed(engineFor(BRUTE_FORCE), [...tenFailures(), success(120)]);
    expect(results.map((r) => [r.kind, r.correlationId, r.at])).toEqual([
      ['opened', INNER, 9],
      ['opened', OUTER, 10],
    ]);
    const [inner, outer] = results;
    // The inner correlation is an intermediate step (generate defaults to false); the outer one is the alert.
    expect(inner).toMatchObject({ alert: false, correlationName: 'multiple_failed_login', openedAt: 90_000, level: 'low' });
    expect(outer).toMatchObject({ alert: true, level: 'high', group: { User: 'alice' }, sampleMatchIds: [inner.episodeId, results[1].triggeringMatchId] });
  });

  it('feeds the outer correlation once per inner episode, not on each update', () => {
    const results = feed(engineFor(BRUTE_FORCE), [...tenFailures(), failed(100), failed(110)]);
    expect(kinds(results)).toEqual([`opened:${INNER}`, `updated:${INNER}`, `updated:${INNER}`]);
  });

  it('places the inner result at the time of the event that made it hold: a success before the tenth failure is out of order', () => {
    const results = feed(engineFor(BRUTE_FORCE), [...tenFailures().slice(0, 9), success(85), tenFailures()[9]]);
    expect(kinds(results)).toEqual([`opened:${INNER}`]);
  });

  it('keeps users apart through the chain', () => {
    const results = feed(engineFor(BRUTE_FORCE), [...tenFailures(0, 'alice'), success(120, 'bob')]);
    expect(kinds(results)).toEqual([`opened:${INNER}`]);
  });

  it('stops the referenced rules and intermediate correlations from alerting unless generate is set', () => {
    const set = correlationsFrom(BRUTE_FORCE);
    expect(set.raisesOwnAlerts({ ruleId: '53ba33fd-3a50-4468-a5ef-c583635cfa92', ruleName: 'failed_login' })).toBe(false);
    expect(set.raisesOwnAlerts({ ruleId: INNER, ruleName: 'multiple_failed_login' })).toBe(false);
    expect(set.raisesOwnAlerts({ ruleId: OUTER })).toBe(true);
    expect(set.raisesOwnAlerts({ ruleId: 'unrelated' })).toBe(true);
    const generating = correlationsFrom(BRUTE_FORCE.replace('timespan: 10m\n    condition', 'timespan: 10m\n    generate: true\n    condition'));
    expect(generating.raisesOwnAlerts({ ruleId: '53ba33fd-3a50-4468-a5ef-c583635cfa92', ruleName: 'failed_login' })).toBe(true);
  });

  it('names the fields a detection rule must hand over, through the chain', () => {
    expect(correlationsFrom(BRUTE_FORCE).requiredFields({ ruleId: 'x', ruleName: 'failed_login' })).toEqual(['User']);
  });

  it('rejects correlations that reference each other in a cycle', () => {
    const cyclic = `
title: a
name: a
correlation: { type: temporal, rules: [b, x], group-by: [User], timespan: 1m }
---
title: b
name: b
correlation: { type: temporal, rules: [a, y], group-by: [User], timespan: 1m }
`;
    expect(() => correlationsFrom(cyclic)).toThrow(CorrelationRuleError);
    expect(() => correlationsFrom(cyclic)).toThrow(/cycle: a -> b -> a/);
  });

  it('rejects two correlations with one name', () => {
    const twice = `
title: a
id: one
name: same
correlation: { type: event_count, rules: [r], group-by: [], timespan: 1m, condition: { gte: 1 } }
---
title: b
id: two
name: same
correlation: { type: event_count, rules: [r], group-by: [], timespan: 1m, condition: { gte: 1 } }
`;
    expect(() => correlationsFrom(twice)).toThrow(/the name same is also used by one/);
  });
});
