import { engineFor, feed, FakeClock, hit, kinds } from './engine.test-util';

// The specification's own event_count example (tests/schema/correlation/event_count.yml).
const MANY_FAILED_LOGINS = `
title: Many failed logins
id: 0e95725d-7320-415d-80f7-004da920fc11
correlation:
    type: event_count
    rules:
        - 5638f7c0-ac70-491d-8465-2a65075e0d86
    group-by:
        - ComputerName
    timespan: 1h
    condition:
        gte: 100
`;
const RULE = '5638f7c0-ac70-491d-8465-2a65075e0d86';

const TWO_IN_10S = (extra = '') => `
title: two in ten seconds
id: two
${extra}
correlation:
    type: event_count
    rules: [r]
    group-by: [User]
    timespan: 10s
    condition: { gte: 2 }
`;

describe('event_count', () => {
  it('opens once at the 100th failed login of the specification example, then updates', () => {
    const engine = engineFor(MANY_FAILED_LOGINS);
    const matches = Array.from({ length: 102 }, (_, i) => hit(RULE, i * 30, { ComputerName: 'dc1' }));
    const results = feed(engine, matches);
    expect(results.map((r) => [r.kind, r.at, r.value])).toEqual([
      ['opened', 99, 100],
      ['updated', 100, 101],
      ['updated', 101, 102],
    ]);
    expect(results[0]).toMatchObject({ group: { ComputerName: 'dc1' }, condition: 'gte 100', count: 100, alert: true, level: 'medium' });
    expect(results[2]).toMatchObject({ count: 102, lastSeen: 101 * 30_000, episodeId: results[0].episodeId });
  });

  it('includes both edges: matches exactly one timespan apart belong together', () => {
    expect(kinds(feed(engineFor(TWO_IN_10S()), [hit('r', 0, { User: 'a' }), hit('r', 10, { User: 'a' })]))).toEqual(['opened:two']);
    expect(feed(engineFor(TWO_IN_10S()), [hit('r', 0, { User: 'a' }), hit('r', 10.001, { User: 'a' })])).toEqual([]);
  });

  it('keeps groups apart', () => {
    const engine = engineFor(TWO_IN_10S());
    expect(feed(engine, [hit('r', 0, { User: 'a' }), hit('r', 1, { User: 'b' }), hit('r', 2, { User: 'c' })])).toEqual([]);
    const [opened] = feed(engine, [hit('r', 3, { User: 'b' })]);
    expect(opened).toMatchObject({ kind: 'opened', group: { User: 'b' } });
    expect(engine.activeGroups).toBe(3);
  });

  it('does not count a match missing a group-by field, and counts how often', () => {
    const engine = engineFor(TWO_IN_10S());
    expect(feed(engine, [hit('r', 0, { User: 'a' }), hit('r', 1, {}), hit('r', 2, { User: null })])).toEqual([]);
    expect(engine.counters().perCorrelation.two.missingGroupBy).toBe(2);
    expect(engine.activeGroups).toBe(1);
  });

  it('places a late match by its event time when within the allowed lateness, and flags the result late', () => {
    const engine = engineFor(TWO_IN_10S());
    expect(feed(engine, [hit('r', 100, { User: 'a' }), hit('r', 50, { User: 'a' })])).toEqual([]);
    const [result] = feed(engine, [hit('r', 95, { User: 'a' })]);
    // The late match at 95 s joins the window ending at 100 s: the condition holds from 100 s.
    expect(result).toMatchObject({ kind: 'opened', late: true, openedAt: 100_000, value: 2, count: 2, lastSeen: 100_000 });
    expect(engine.counters()).toMatchObject({ late: 2, tooLate: 0 });
  });

  it('refuses a match later than the allowed lateness, and counts it', () => {
    const engine = engineFor(TWO_IN_10S(), { allowedLatenessMs: 30_000 });
    expect(feed(engine, [hit('r', 100, { User: 'a' }), hit('r', 69, { User: 'a' })])).toEqual([]);
    expect(kinds(feed(engine, [hit('r', 70, { User: 'b' }), hit('r', 71, { User: 'b' })]))).toEqual(['opened:two']);
    expect(engine.counters()).toMatchObject({ tooLate: 1, late: 2 });
  });

  it('says beforehand which event times it would refuse as too late', () => {
    const engine = engineFor(TWO_IN_10S(), { allowedLatenessMs: 30_000 });
    expect(engine.refuses(0)).toBe(false);
    feed(engine, [hit('r', 100, { User: 'a' })]);
    expect([engine.refuses(69_999), engine.refuses(70_000)]).toEqual([true, false]);
  });

  it('uses a default lateness of 60 s', () => {
    const engine = engineFor(TWO_IN_10S());
    feed(engine, [hit('r', 100, { User: 'a' }), hit('r', 40, { User: 'a' }), hit('r', 39.999, { User: 'a' })]);
    expect(engine.counters()).toMatchObject({ late: 1, tooLate: 1 });
  });

  it('ends an episode once a whole timespan passes without the condition holding, then opens a new one', () => {
    const engine = engineFor(TWO_IN_10S());
    const results = feed(engine, [
      hit('r', 0, { User: 'a' }),
      hit('r', 5, { User: 'a' }), // holds at 5: opened
      hit('r', 15, { User: 'a' }), // holds at 15, exactly a timespan later: same episode
      hit('r', 40, { User: 'a' }), // alone in [30, 40]: does not hold
      hit('r', 45, { User: 'a' }), // holds at 45, 30 s after 15: new episode
    ]);
    expect(results.map((r) => [r.kind, r.at, r.openedAt / 1000])).toEqual([
      ['opened', 1, 5],
      ['updated', 2, 5],
      ['opened', 4, 45],
    ]);
    expect(results[0].episodeId).not.toBe(results[2].episodeId);
  });

  it('reopens when the condition next holds just over one timespan after it last held', () => {
    const engine = engineFor(TWO_IN_10S());
    const results = feed(engine, [hit('r', 0, { User: 'a' }), hit('r', 5, { User: 'a' }), hit('r', 15.001, { User: 'a' }), hit('r', 16, { User: 'a' })]);
    expect(results.map((r) => [r.kind, r.at])).toEqual([
      ['opened', 1],
      ['opened', 3],
    ]);
  });

  it('keeps a bounded sample of match ids and counts every match of the episode', () => {
    const engine = engineFor(TWO_IN_10S(), { sampleSize: 3 });
    const matches = Array.from({ length: 6 }, (_, i) => hit('r', i, { User: 'a' }, { matchId: `m${i}` }));
    const last = feed(engine, matches).at(-1);
    expect(last).toMatchObject({ kind: 'updated', count: 6, sampleMatchIds: ['m0', 'm1', 'm2'], triggeringMatchId: 'm5', lastSeen: 5_000 });
  });

  it('ignores a replayed match (same time and id)', () => {
    const engine = engineFor(TWO_IN_10S());
    const first = hit('r', 0, { User: 'a' });
    expect(feed(engine, [first, { ...first }])).toEqual([]);
    expect(engine.counters().perCorrelation.two.duplicates).toBe(1);
  });

  it.each([
    ['level: high', undefined, 'high'],
    ['level: low', 'high', 'high'],
    ['', 'critical', 'critical'],
    ['', undefined, 'medium'],
  ] as const)('escalates the level (%s, matches at %s) to %s', (levelLine, matchLevel, expected) => {
    const engine = engineFor(TWO_IN_10S(levelLine));
    const extra = matchLevel ? { level: matchLevel } : {};
    const [result] = feed(engine, [hit('r', 0, { User: 'a' }, extra), hit('r', 1, { User: 'a' }, extra)]);
    expect(result.level).toBe(expected);
  });

  it('stamps results with the injected clock', () => {
    const clock = new FakeClock();
    clock.now = 42;
    const [result] = feed(engineFor(TWO_IN_10S(), { clock: clock.read }), [hit('r', 0, { User: 'a' }), hit('r', 1, { User: 'a' })]);
    expect(result.emittedAt).toBe(42);
  });
});
