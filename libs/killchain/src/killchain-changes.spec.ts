import { KillChainInput } from './killchain-types';
import { KillChainTracker } from './killchain-tracker';
import { EntitySnapshot, entityKeyOf, joinSnapshot } from './killchain-snapshot';

const H = 3_600_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');
let wall = 1_000;
const tracker = (options: { threshold?: number } = {}) => new KillChainTracker({ clock: () => wall, allowedLatenessMs: 2 * H, ...options });

function alert(id: string, hoursAfter: number, tactic: string, host: string, user?: string): KillChainInput {
  const entities = [{ type: 'host', value: host }, ...(user ? [{ type: 'user', value: user }] : [])];
  return { tenant: 'acme', alertId: id, ruleId: `rule-${id}`, ruleTitle: `Rule ${id}`, time: T0 + hoursAfter * H, tactics: [tactic], entities };
}

const host = (value: string) => entityKeyOf({ tenant: 'acme', type: 'host', value });

/** What a per-entity store holds after applying changes: entity key → snapshot. */
function apply(store: Map<string, EntitySnapshot>, changes: ReturnType<KillChainTracker['takeChanges']>): void {
  for (const [key, entity] of changes.changed) store.set(key, JSON.parse(JSON.stringify(entity)) as EntitySnapshot);
  for (const key of changes.deleted) store.delete(key);
}

describe('KillChainTracker per-entity changes', () => {
  beforeEach(() => {
    wall = 1_000;
  });

  it('reports only the entities an alert touched since the last call', () => {
    const t = tracker();
    t.process(alert('a', 0, 'initial-access', 'ws1', 'alice'));
    t.process(alert('b', 0.1, 'execution', 'ws2'));
    expect([...t.takeChanges().changed.keys()].sort()).toEqual([host('ws1'), host('ws2'), entityKeyOf({ tenant: 'acme', type: 'user', value: 'alice' })].sort());
    t.process(alert('c', 0.2, 'persistence', 'ws2'));
    const changes = t.takeChanges();
    expect([...changes.changed.keys()]).toEqual([host('ws2')]);
    expect(changes.changed.get(host('ws2'))?.entries.map((e) => e[2])).toEqual(['b', 'c']);
    expect(changes.deleted).toEqual([]);
    expect(t.takeChanges()).toEqual({ changed: new Map(), deleted: [] });
  });

  it('reports evicted entities as deleted, and entities whose old entries were pruned as changed', () => {
    const t = tracker();
    t.process(alert('a', 0, 'execution', 'old'));
    t.process(alert('b', 1, 'execution', 'gone'));
    t.process(alert('p1', 73, 'execution', 'pruned'));
    t.process(alert('p2', 80, 'discovery', 'pruned'));
    t.takeChanges();
    // The wall clock moves past a window and the lateness (26 h) for the entities not touched again.
    wall += 27 * H;
    // The entity's watermark 98 h: nothing before 74 h can fall in a window any more.
    t.process(alert('p3', 100, 'collection', 'pruned'));
    expect(t.evictIdle()).toBe(2);
    const changes = t.takeChanges();
    expect(changes.deleted).toEqual([host('old'), host('gone')]);
    expect([...changes.changed.keys()]).toEqual([host('pruned')]);
    expect(changes.changed.get(host('pruned'))?.entries.map((e) => e[2])).toEqual(['p2', 'p3']);
  });

  it('reports the same changes as JSON, byte for byte, as each snapshot stringified', () => {
    const [objects, json] = [tracker({ threshold: 2 }), tracker({ threshold: 2 })];
    const feed = (input: KillChainInput) => [objects, json].forEach((t) => t.process(input));
    const same = () => {
      const expected = objects.takeChanges();
      const actual = json.takeChangesAsJson();
      expect(actual.deleted).toEqual(expected.deleted);
      expect(new Map(actual.changed)).toEqual(new Map([...expected.changed].map(([key, entity]) => [key, JSON.stringify(entity)])));
    };
    feed(alert('a', 0, 'initial-access', 'ws1', 'alice "the admin" \\ ünïcode 😀'));
    feed({ ...alert('b', 0.5, 'execution', 'ws1'), evidenceId: 'ev-1', level: 'critical' });
    same();
    // An episode is open (two tactics): entries cached from the last call are reused beside new ones.
    feed(alert('c', 0.25, 'persistence', 'ws1'));
    feed(alert('d', 1, 'discovery', 'ws2'));
    same();
    wall += 27 * H;
    feed(alert('e', 100, 'collection', 'ws1'));
    [objects, json].forEach((t) => t.evictIdle());
    same();
  });

  it('continues from a header and per-entity entries as from the whole snapshot', () => {
    const before = tracker();
    const store = new Map<string, EntitySnapshot>();
    before.process(alert('a', 0, 'initial-access', 'ws1'));
    before.process(alert('x', 0, 'discovery', 'ws9'));
    apply(store, before.takeChanges());
    before.process(alert('b', 1, 'execution', 'ws1'));
    apply(store, before.takeChanges());
    const header = JSON.parse(JSON.stringify(before.snapshotHeader())) as ReturnType<KillChainTracker['snapshotHeader']>;
    expect(joinSnapshot(header, store.values())).toEqual(JSON.parse(JSON.stringify(before.snapshot())));

    const after = tracker();
    expect(after.restore(joinSnapshot(header, store.values()))).toEqual({ restored: 2, droppedEpisodes: 0 });
    expect(after.process(alert('c', 2, 'persistence', 'ws1'))[0]?.path.map((s) => s.alertId)).toEqual(['a', 'b', 'c']);
    expect([...after.takeChanges().changed.keys()]).toEqual([host('ws1')]);
  });

  it('reads a whole snapshot stored as the header (before per-entity entries)', () => {
    const before = tracker();
    before.process(alert('a', 0, 'initial-access', 'ws1'));
    before.process(alert('b', 1, 'execution', 'ws1'));
    const after = tracker();
    after.restore(joinSnapshot(before.snapshot(), []));
    expect(after.process(alert('c', 2, 'persistence', 'ws1'))[0]?.kind).toBe('opened');
  });
});
