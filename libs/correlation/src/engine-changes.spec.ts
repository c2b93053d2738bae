import { engineFor, feed, hit } from './engine.test-util';

const THREE_IN_1M = `
title: three in a minute
id: three
correlation: { type: event_count, rules: [r], group-by: [User], timespan: 1m, condition: { gte: 3 } }
`;

describe('takeChanges', () => {
  it('reports only the groups touched since the last call, as snapshot() has them', () => {
    const engine = engineFor(THREE_IN_1M);
    feed(engine, [hit('r', 0, { User: 'a' }), hit('r', 1, { User: 'b' })]);
    expect(engine.takeChanges().changed.map((g) => g.groupKey).sort()).toEqual(['["a"]', '["b"]']);

    feed(engine, [hit('r', 2, { User: 'b' })]);
    const { changed, deleted } = engine.takeChanges();
    expect(changed).toEqual(engine.snapshot().groups.filter((g) => g.groupKey === '["b"]'));
    expect(deleted).toEqual([]);
    expect(engine.takeChanges()).toEqual({ changed: [], deleted: [] });
  });

  it('reports evicted groups as deleted', () => {
    const engine = engineFor(THREE_IN_1M, { allowedLatenessMs: 0 });
    feed(engine, [hit('r', 0, { User: 'a' }), hit('r', 600, { User: 'b' })]);
    engine.takeChanges();
    expect(engine.evictIdle()).toBe(1);
    expect(engine.takeChanges()).toEqual({ changed: [], deleted: [{ correlationId: 'three', groupKey: '["a"]' }] });
  });

  it('header plus the groups reported rebuild the same engine', () => {
    const engine = engineFor(THREE_IN_1M);
    feed(engine, [hit('r', 0, { User: 'a' }), hit('r', 1, { User: 'a' }), hit('r', 2, { User: 'a' })]);
    const restored = engineFor(THREE_IN_1M);
    restored.restore({ ...engine.snapshotHeader(), groups: engine.takeChanges().changed });
    expect(restored.snapshot()).toEqual(engine.snapshot());
  });

  it('starts clean after a restore', () => {
    const engine = engineFor(THREE_IN_1M);
    feed(engine, [hit('r', 0, { User: 'a' })]);
    engine.restore(engine.snapshot());
    expect(engine.takeChanges()).toEqual({ changed: [], deleted: [] });
  });
});
