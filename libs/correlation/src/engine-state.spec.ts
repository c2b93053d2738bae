import { CorrelationEngine } from './correlation-engine';
import { EngineSnapshot } from './engine-snapshot';
import { FakeClock, correlationsFrom, engineFor, feed, hit } from './engine.test-util';

const THREE_IN_1M = (condition = '{ gte: 3 }') => `
title: three in a minute
id: three
correlation: { type: event_count, rules: [r], group-by: [User], timespan: 1m, condition: ${condition} }
`;

describe('snapshot and restore', () => {
  it('rebuilds the state after a restart mid-window: the correlation still fires exactly once', () => {
    const matches = [hit('r', 0, { User: 'a' }), hit('r', 10, { User: 'a' }), hit('r', 20, { User: 'a' }), hit('r', 30, { User: 'a' })];
    const uninterrupted = feed(engineFor(THREE_IN_1M()), matches);

    const before = engineFor(THREE_IN_1M());
    feed(before, matches.slice(0, 2));
    // Through JSON, as a changelog or a store would keep it.
    const snapshot = JSON.parse(JSON.stringify(before.snapshot())) as EngineSnapshot;
    const after = engineFor(THREE_IN_1M());
    expect(after.restore(snapshot)).toEqual({ restored: 1, dropped: 0 });
    const resumed = feed(after, matches.slice(2));

    const strip = (results: typeof resumed) => results.map(({ at: _at, emittedAt: _e, ...rest }) => rest);
    expect(strip(resumed)).toEqual(strip(uninterrupted));
    expect(resumed.filter((r) => r.kind === 'opened')).toHaveLength(1);
  });

  it('keeps an open episode across the restart (an update, not a second alert)', () => {
    const before = engineFor(THREE_IN_1M());
    feed(before, [hit('r', 0, { User: 'a' }), hit('r', 1, { User: 'a' }), hit('r', 2, { User: 'a' })]);
    const after = engineFor(THREE_IN_1M());
    after.restore(before.snapshot());
    expect(feed(after, [hit('r', 3, { User: 'a' })]).map((r) => r.kind)).toEqual(['updated']);
  });

  it('keeps the watermark, so a match too late before the restart is still too late after it', () => {
    const before = engineFor(THREE_IN_1M());
    feed(before, [hit('r', 500, { User: 'a' })]);
    const after = engineFor(THREE_IN_1M());
    after.restore(before.snapshot());
    feed(after, [hit('r', 100, { User: 'a' })]);
    expect(after.counters().tooLate).toBe(1);
  });

  it('drops the state of a correlation whose definition changed', () => {
    const before = engineFor(THREE_IN_1M());
    feed(before, [hit('r', 0, { User: 'a' }), hit('r', 1, { User: 'b' })]);
    const changed = engineFor(THREE_IN_1M('{ gte: 4 }'));
    expect(changed.restore(before.snapshot())).toEqual({ restored: 0, dropped: 2 });
  });

  it('refuses a snapshot of another version', () => {
    const engine = engineFor(THREE_IN_1M());
    expect(() => engine.restore({ ...engine.snapshot(), version: 2 } as unknown as EngineSnapshot)).toThrow(/version 2/);
  });
});

describe('eviction and bounds', () => {
  it('evicts groups no later match can affect, and keeps the others', () => {
    const engine = engineFor(THREE_IN_1M(), { allowedLatenessMs: 10_000 });
    feed(engine, [hit('r', 0, { User: 'old' }), hit('r', 1, { User: 'old' }), hit('r', 2, { User: 'old' })]);
    feed(engine, [hit('r', 60, { User: 'recent' })]);
    expect(engine.evictIdle()).toBe(0); // 'old' still in a window a late match could reach
    feed(engine, [hit('r', 200, { User: 'recent' })]);
    // Watermark 190 s: 'old' (last held at 2 s, windows end by 62 s) is over; 'recent' has a match at 200 s.
    expect(engine.evictIdle()).toBe(1);
    expect(engine.activeGroups).toBe(1);
    expect(engine.counters().evicted).toBe(1);
  });

  it('evicts groups idle on the wall clock when asked, using the injected clock', () => {
    const clock = new FakeClock();
    const engine = new CorrelationEngine(correlationsFrom(THREE_IN_1M()), { clock: clock.read });
    feed(engine, [hit('r', 0, { User: 'a' })]);
    clock.now += 5_000;
    feed(engine, [hit('r', 1, { User: 'b' })]);
    clock.now += 5_000;
    expect(engine.evictIdle({ idleMs: 7_000 })).toBe(1);
    expect(engine.snapshot().groups.map((g) => g.groupKey)).toEqual(['["b"]']);
  });

  it('bounds a group window, dropping the oldest matches and counting them', () => {
    const engine = engineFor(THREE_IN_1M('{ gte: 5 }'), { maxEntriesPerGroup: 4 });
    const results = feed(engine, Array.from({ length: 6 }, (_, i) => hit('r', i, { User: 'a' })));
    expect(results).toEqual([]);
    expect(engine.counters().perCorrelation.three.droppedByCap).toBe(2);
    expect(engine.snapshot().groups[0].entries).toHaveLength(4);
  });

  it('prunes matches that left every window, keeping the state compact', () => {
    const engine = engineFor(THREE_IN_1M(), { allowedLatenessMs: 0 });
    feed(engine, Array.from({ length: 100 }, (_, i) => hit('r', i * 10, { User: 'a' })));
    // Timespan 60 s with matches every 10 s: the window [930, 990] holds seven.
    expect(engine.snapshot().groups[0].entries).toHaveLength(7);
  });
});
