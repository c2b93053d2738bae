import type { FieldValue, RuleMatch } from './rule-match';
import { engineFor, feed, hit } from './engine.test-util';

/**
 * DESIGN.md's boundary cases for every correlation type, with one shape per type: a correlation
 * over a 10 s timespan grouped by User, and two matches (`first`, `second`) that make its
 * condition hold together and never alone. So each case below says something about the window,
 * the group or the lateness, not about the aggregate.
 */
interface TypeCase {
  type: string;
  rules: string;
  condition: string;
  first(seconds: number, fields: Record<string, FieldValue>): RuleMatch;
  second(seconds: number, fields: Record<string, FieldValue>): RuleMatch;
}

const CASES: TypeCase[] = [
  { type: 'event_count', rules: '[r]', condition: '{ gte: 2 }', first: (s, f) => hit('r', s, f), second: (s, f) => hit('r', s, f) },
  {
    type: 'value_count',
    rules: '[r]',
    condition: '{ field: Target, gte: 2 }',
    first: (s, f) => hit('r', s, { ...f, Target: 'x' }),
    second: (s, f) => hit('r', s, { ...f, Target: 'y' }),
  },
  { type: 'temporal', rules: '[a, b]', condition: '{ gte: 2 }', first: (s, f) => hit('a', s, f), second: (s, f) => hit('b', s, f) },
  { type: 'temporal_ordered', rules: '[a, b]', condition: '{ gte: 2 }', first: (s, f) => hit('a', s, f), second: (s, f) => hit('b', s, f) },
  {
    type: 'value_sum',
    rules: '[r]',
    condition: '{ field: bytes, gte: 10 }',
    first: (s, f) => hit('r', s, { ...f, bytes: 5 }),
    second: (s, f) => hit('r', s, { ...f, bytes: 5 }),
  },
  {
    // A mean between 4 and 6: 0 alone and 10 alone are outside, together 5.
    type: 'value_avg',
    rules: '[r]',
    condition: '{ field: bytes, gt: 4, lt: 6 }',
    first: (s, f) => hit('r', s, { ...f, bytes: 0 }),
    second: (s, f) => hit('r', s, { ...f, bytes: 10 }),
  },
  {
    // A value making up at most half of the window: alone it is all of it.
    type: 'value_percentile',
    rules: '[r]',
    condition: '{ field: Image, lte: 50 }',
    first: (s, f) => hit('r', s, { ...f, Image: 'a.exe' }),
    second: (s, f) => hit('r', s, { ...f, Image: 'b.exe' }),
  },
];

const ruleOf = (c: TypeCase) => `
title: ${c.type} boundary
id: ${c.type}
correlation:
    type: ${c.type}
    rules: ${c.rules}
    group-by: [User]
    timespan: 10s
    condition: ${c.condition}
`;

const alice = { User: 'alice' };

describe.each(CASES.map((c) => [c.type, c] as const))('%s at the boundaries DESIGN.md fixes', (_type, c) => {
  const engine = (lateness?: number) => engineFor(ruleOf(c), lateness === undefined ? {} : { allowedLatenessMs: lateness });

  it('holds for the two matches together, never for either alone', () => {
    expect(feed(engine(), [c.first(0, alice)])).toEqual([]);
    expect(feed(engine(), [c.second(0, alice)])).toEqual([]);
    expect(feed(engine(), [c.first(0, alice), c.second(1, alice)]).map((r) => [r.kind, r.at])).toEqual([['opened', 1]]);
  });

  it('includes both edges: matches exactly one timespan apart belong together, a millisecond more does not', () => {
    expect(feed(engine(), [c.first(0, alice), c.second(10, alice)]).map((r) => r.kind)).toEqual(['opened']);
    expect(feed(engine(), [c.first(0, alice), c.second(10.001, alice)])).toEqual([]);
  });

  it('keeps split groups apart', () => {
    expect(feed(engine(), [c.first(0, alice), c.second(1, { User: 'bob' })])).toEqual([]);
  });

  it('does not count a match missing the group-by field, and counts it', () => {
    const e = engine();
    expect(feed(e, [c.first(0, alice), c.second(1, {}), c.second(2, { User: null })])).toEqual([]);
    expect(e.counters().perCorrelation[c.type].missingGroupBy).toBe(2);
  });

  it('places a late match by its event time within the allowed lateness, flagged late; refuses one later', () => {
    const [late] = feed(engine(), [c.second(10, alice), c.first(5, alice)]);
    expect(late).toMatchObject({ kind: 'opened', late: true });

    const strict = engine(1_000);
    expect(feed(strict, [c.second(10, alice), c.first(5, alice)])).toEqual([]);
    expect(strict.counters().tooLate).toBe(1);
  });
});

describe('temporal_ordered and the wrong order', () => {
  const ordered = CASES.find((c) => c.type === 'temporal_ordered') as TypeCase;

  it('does not hold when the steps come in the other order by event time, whatever the arrival order', () => {
    const engine = () => engineFor(ruleOf(ordered));
    expect(feed(engine(), [ordered.second(0, alice), ordered.first(1, alice)])).toEqual([]);
    // Arrival order is not event order: the second step arriving first but stamped later still holds.
    expect(feed(engine(), [ordered.second(2, alice), ordered.first(1, alice)]).map((r) => r.kind)).toEqual(['opened']);
  });

  it('temporal (unordered) holds for either order', () => {
    const temporal = CASES.find((c) => c.type === 'temporal') as TypeCase;
    expect(feed(engineFor(ruleOf(temporal)), [temporal.second(0, alice), temporal.first(1, alice)]).map((r) => r.kind)).toEqual(['opened']);
  });
});
