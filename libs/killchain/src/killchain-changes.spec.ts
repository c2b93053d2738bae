import { chunkKeyOf, ENTRIES_PER_CHUNK } from './entity-chunks';
import { KillChainInput } from './killchain-types';
import { KillChainTracker } from './killchain-tracker';
import { EntitySnapshot, entityKeyOf, joinSnapshot, readStoredEntities } from './killchain-snapshot';

const H = 3_600_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');
const TACTICS = ['initial-access', 'execution', 'persistence', 'discovery', 'lateral-movement', 'collection'];
let wall = 1_000;
const tracker = (options: { threshold?: number; maxEntriesPerEntity?: number } = {}) => new KillChainTracker({ clock: () => wall, allowedLatenessMs: 2 * H, ...options });

function alert(id: string, hoursAfter: number, tactic: string, host: string, user?: string): KillChainInput {
  const entities = [{ type: 'host', value: host }, ...(user ? [{ type: 'user', value: user }] : [])];
  return { tenant: 'acme', alertId: id, ruleId: `rule-${id}`, ruleTitle: `Rule ${id}`, time: T0 + hoursAfter * H, tactics: [tactic], entities };
}

const host = (value: string) => entityKeyOf({ tenant: 'acme', type: 'host', value });

/** A per-key store, as the window state keeps it: key → parsed JSON. */
class Store {
  readonly keys = new Map<string, unknown>();
  written = 0;

  apply(changes: { changed: Map<string, string>; deleted: string[] }): void {
    for (const [key, json] of changes.changed) {
      this.keys.set(key, JSON.parse(json));
      this.written += json.length;
    }
    for (const key of changes.deleted) this.keys.delete(key);
  }

  /** A tracker restored from what the store holds. */
  restored(from: KillChainTracker, options: { threshold?: number; maxEntriesPerEntity?: number } = {}): KillChainTracker {
    const after = tracker(options);
    after.restore(joinSnapshot(JSON.parse(JSON.stringify(from.snapshotHeader())) as ReturnType<KillChainTracker['snapshotHeader']>, readStoredEntities(this.keys)));
    return after;
  }
}

describe('KillChainTracker stored per key, entries in chunks', () => {
  beforeEach(() => {
    wall = 1_000;
  });

  it('writes the head and the open chunk of each entity an alert touched since the last call', () => {
    const t = tracker();
    t.process(alert('a', 0, 'initial-access', 'ws1', 'alice'));
    t.process(alert('b', 0, 'execution', 'ws2'));
    const alice = entityKeyOf({ tenant: 'acme', type: 'user', value: 'alice' });
    expect([...t.takeStoredChanges().changed.keys()].sort()).toEqual([host('ws1'), chunkKeyOf(host('ws1'), 0), alice, chunkKeyOf(alice, 0), host('ws2'), chunkKeyOf(host('ws2'), 0)].sort());
    t.process(alert('c', 0.2, 'persistence', 'ws2'));
    const changes = t.takeStoredChanges();
    expect([...changes.changed.keys()]).toEqual([host('ws2'), chunkKeyOf(host('ws2'), 0)]);
    expect(JSON.parse(changes.changed.get(host('ws2')) as string)).toMatchObject({ value: 'ws2', chunks: [0] });
    expect((JSON.parse(changes.changed.get(chunkKeyOf(host('ws2'), 0)) as string) as unknown[][]).map((e) => e[2])).toEqual(['b', 'c']);
    expect(changes.deleted).toEqual([]);
    expect(t.takeStoredChanges()).toEqual({ changed: new Map(), deleted: [] });
  });

  it('deletes every key of an evicted entity, and rewrites the chunk pruning took entries from', () => {
    const t = tracker();
    const store = new Store();
    t.process(alert('a', 0, 'execution', 'old'));
    t.process(alert('b', 1, 'execution', 'gone'));
    t.process(alert('p1', 73, 'execution', 'pruned'));
    t.process(alert('p2', 80, 'discovery', 'pruned'));
    store.apply(t.takeStoredChanges());
    // The wall clock moves past a window and the lateness (26 h) for the entities not touched again.
    wall += 27 * H;
    // The entity's watermark 98 h: nothing before 74 h can fall in a window any more.
    t.process(alert('p3', 100, 'collection', 'pruned'));
    expect(t.evictIdle()).toBe(2);
    const changes = t.takeStoredChanges();
    expect(changes.deleted).toEqual([host('old'), chunkKeyOf(host('old'), 0), host('gone'), chunkKeyOf(host('gone'), 0)]);
    expect([...changes.changed.keys()]).toEqual([host('pruned'), chunkKeyOf(host('pruned'), 0)]);
    store.apply(changes);
    expect([...store.keys.keys()]).toEqual([host('pruned'), chunkKeyOf(host('pruned'), 0)]);
    expect((store.keys.get(chunkKeyOf(host('pruned'), 0)) as unknown[][]).map((e) => e[2])).toEqual(['p2', 'p3']);
  });

  it('keeps the keys of an entity evicted and seen again before the write', () => {
    const t = tracker({ maxEntriesPerEntity: 200, threshold: 99 });
    const store = new Store();
    for (let i = 0; i < 100; i++) t.process(alert(`a${i}`, i / 100, 'execution', 'ws1'));
    store.apply(t.takeStoredChanges());
    expect(store.keys.size).toBe(3);
    wall += 27 * H;
    expect(t.evictIdle()).toBe(1);
    t.process(alert('again', 30, 'discovery', 'ws1'));
    store.apply(t.takeStoredChanges());
    // The new entity's head and chunk 0 are written; the old chunk 1 is gone.
    expect([...store.keys.keys()]).toEqual([host('ws1'), chunkKeyOf(host('ws1'), 0)]);
    expect(store.restored(t, { maxEntriesPerEntity: 200, threshold: 99 }).snapshot()).toEqual(t.snapshot());
  });

  it('writes a busy entity in chunks: a batch rewrites the head, the open chunk and the chunk pruning took from', () => {
    const t = tracker({ maxEntriesPerEntity: 1_000, threshold: 99 });
    const store = new Store();
    for (let i = 0; i < 1_000; i++) t.process({ ...alert(`a${i}`, i / 100, TACTICS[i % TACTICS.length], 'dc01'), evidenceId: `ev-${i}` });
    store.apply(t.takeStoredChanges());
    const chunks = [...store.keys.keys()].filter((key) => key !== host('dc01'));
    expect(chunks).toHaveLength(Math.ceil(1_000 / ENTRIES_PER_CHUNK));
    for (const key of chunks) expect((store.keys.get(key) as unknown[]).length).toBeLessThanOrEqual(ENTRIES_PER_CHUNK);
    const whole = JSON.stringify(t.snapshot().entities[0]).length;
    const before = store.written;
    for (let i = 1_000; i < 1_100; i++) {
      t.process(alert(`a${i}`, i / 100, TACTICS[i % TACTICS.length], 'dc01'));
      const changes = t.takeStoredChanges();
      // At the cap, each alert pushes the oldest entry out: the first chunk, the open one and the head.
      expect(changes.changed.size).toBeLessThanOrEqual(3);
      store.apply(changes);
    }
    expect((store.written - before) / 100).toBeLessThan(whole / 4);
    expect(store.restored(t, { maxEntriesPerEntity: 1_000, threshold: 99 }).snapshot()).toEqual(t.snapshot());
  });

  it('gives back, restored from the store, the state it wrote: random alerts, late ones, pruning, eviction and restarts', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const options = { threshold: 3, maxEntriesPerEntity: 150 };
    let t = tracker(options);
    const store = new Store();
    let hours = 0;
    // Entries pushed out by the cap, over the restarts (each restored tracker counts from 0).
    let capped = 0;
    let mostChunks = 0;
    for (let batch = 0; batch < 300; batch++) {
      for (let i = 0; i < 1 + Math.floor(random() * 16); i++) {
        hours += random() * 0.02;
        // Now and then an alert up to an hour late.
        const at = random() < 0.1 ? hours - random() : hours;
        const hostName = `h${Math.floor(random() * 2)}`;
        t.process(alert(`b${batch}-${i}`, at, TACTICS[Math.floor(random() * TACTICS.length)], hostName, random() < 0.5 ? 'admin' : undefined));
      }
      if (batch % 100 === 99) {
        wall += 30 * H;
        t.evictIdle();
      }
      store.apply(t.takeStoredChanges());
      for (const value of store.keys.values()) if (!Array.isArray(value)) mostChunks = Math.max(mostChunks, (value as { chunks: number[] }).chunks.length);
      if (batch % 25 === 24) {
        const restored = store.restored(t, options);
        expect(restored.snapshot()).toEqual(t.snapshot());
        // A restart: the restored tracker goes on writing to the same store.
        capped += t.counters().droppedByCap;
        t = restored;
      }
    }
    expect(store.restored(t, options).snapshot()).toEqual(t.snapshot());
    expect(capped + t.counters().droppedByCap).toBeGreaterThan(100);
    expect(mostChunks).toBeGreaterThan(2);
    // Nothing left behind: every chunk key belongs to a head that names it.
    const named = new Set<string>();
    for (const [key, value] of store.keys) if (!Array.isArray(value)) for (const chunk of (value as { chunks: number[] }).chunks) named.add(chunkKeyOf(key, chunk));
    expect([...store.keys.keys()].filter((key) => Array.isArray(store.keys.get(key))).sort()).toEqual([...named].sort());
  });

  it('restores a store written as whole entities (entries inline), and writes each one in chunks when it next changes', () => {
    const before = tracker({ maxEntriesPerEntity: 500 });
    for (let i = 0; i < 200; i++) before.process(alert(`a${i}`, i / 100, TACTICS[i % TACTICS.length], 'ws1'));
    before.process(alert('x', 0, 'discovery', 'ws9'));
    // The former layout: one key per entity, its snapshot whole.
    const store = new Store();
    for (const entity of before.snapshot().entities) store.keys.set(entityKeyOf(entity), JSON.parse(JSON.stringify(entity)) as EntitySnapshot);
    const after = store.restored(before, { maxEntriesPerEntity: 500 });
    expect(after.snapshot()).toEqual(before.snapshot());
    after.process(alert('b', 2.5, 'collection', 'ws1'));
    store.apply(after.takeStoredChanges());
    // ws1 is now a head and chunks; ws9, untouched, is still whole and still read.
    expect(store.keys.get(host('ws1'))).not.toHaveProperty('entries');
    expect(store.keys.get(host('ws9'))).toHaveProperty('entries');
    expect(store.restored(after, { maxEntriesPerEntity: 500 }).snapshot()).toEqual(after.snapshot());
  });

  it('refuses a head whose chunk the store does not hold', () => {
    const t = tracker();
    const store = new Store();
    t.process(alert('a', 0, 'execution', 'ws1'));
    store.apply(t.takeStoredChanges());
    store.keys.delete(chunkKeyOf(host('ws1'), 0));
    expect(() => readStoredEntities(store.keys)).toThrow(/names chunk 0, which the store does not hold/);
  });

  it('writes every key for a store written whole, and nothing more until the next change', () => {
    const t = tracker();
    t.process(alert('a', 0, 'initial-access', 'ws1'));
    t.process(alert('b', 1, 'execution', 'ws1'));
    const store = new Store();
    for (const [key, json] of t.storedEntities()) store.keys.set(key, JSON.parse(json));
    expect([...store.keys.keys()]).toEqual([host('ws1'), chunkKeyOf(host('ws1'), 0)]);
    expect(t.takeStoredChanges()).toEqual({ changed: new Map(), deleted: [] });
    const after = store.restored(t);
    expect(after.process(alert('c', 2, 'persistence', 'ws1'))[0]?.path.map((s) => s.alertId)).toEqual(['a', 'b', 'c']);
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
