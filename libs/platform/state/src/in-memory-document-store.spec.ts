import { InMemoryDocumentStore } from './in-memory-document-store';
import { describeDocumentStore } from './test/document-store.contract';

describeDocumentStore('in-memory', (limits) => {
  let now = 1_000_000;
  const store = new InMemoryDocumentStore(() => now, limits);
  return { store, rival: store, advance: async (ms) => void (now += ms) };
});

describe('InMemoryDocumentStore housekeeping', () => {
  type Internals = { documents: Map<string, unknown>; indexes: Map<string, Set<string>>; expiries: { size(): number } };
  const internals = (store: InMemoryDocumentStore) => store as unknown as Internals;

  it('forgets expired documents and their index entries at the next call, so memory follows the live ones', async () => {
    let now = 0;
    const store = new InMemoryDocumentStore(() => now);
    for (let i = 0; i < 600; i += 1) await store.put({ tenant: 't', key: `k${i}` }, i, { ttlMs: 100 + (i % 2) * 1000, index: { changes: [`host:${i}`] } });
    now = 500;
    await store.get({ tenant: 't', key: 'fresh' });
    expect(internals(store).documents.size).toBe(300);
    expect(internals(store).indexes.size).toBe(300);
    now = 2000;
    await store.get({ tenant: 't', key: 'fresh' });
    expect(internals(store).documents.size).toBe(0);
    expect(internals(store).indexes.size).toBe(0);
  });

  it('keeps a document rewritten with a later expiry past the first one, and drops one rewritten shorter at the shorter', async () => {
    let now = 0;
    const store = new InMemoryDocumentStore(() => now);
    await store.put({ tenant: 't', key: 'longer' }, 1, { ttlMs: 100, index: { changes: ['host:a'] } });
    await store.put({ tenant: 't', key: 'shorter' }, 1, { ttlMs: 1000 });
    now = 50;
    await store.put({ tenant: 't', key: 'longer' }, 2, { ttlMs: 1000, index: { changes: ['host:a'] } });
    await store.put({ tenant: 't', key: 'shorter' }, 2, { ttlMs: 10 });
    now = 150;
    expect(await store.get({ tenant: 't', key: 'longer' })).toEqual({ value: 2, version: 2 });
    expect(await store.listByIndex('t', 'changes', 'host:a', { limit: 10 })).toEqual([{ key: 'longer', value: 2, version: 2 }]);
    expect(await store.get({ tenant: 't', key: 'shorter' })).toBeNull();
    expect(internals(store).documents.size).toBe(1);
  });

  it('an expired document written again before it was dropped leaves none of its old index entries', async () => {
    let now = 0;
    const store = new InMemoryDocumentStore(() => now);
    await store.put({ tenant: 't', key: 'k' }, 1, { ttlMs: 100, index: { changes: ['host:old'] } });
    // The clock moves past the expiry between the call's sweep and its write.
    let reads = 0;
    const clock = () => (reads++ === 0 ? 99 : 100);
    const moving = store as unknown as { now: () => number };
    moving.now = clock;
    expect(await store.put({ tenant: 't', key: 'k' }, 2, { ttlMs: 100, index: { changes: ['host:new'] } })).toBe(1);
    moving.now = () => now;
    now = 150;
    expect(await store.listByIndex('t', 'changes', 'host:old', { limit: 10 })).toEqual([]);
    expect(await store.listByIndex('t', 'changes', 'host:new', { limit: 10 })).toEqual([{ key: 'k', value: 2, version: 1 }]);
  });

  it('keeps the expiry queue near the live documents however often they are rewritten', async () => {
    const store = new InMemoryDocumentStore(() => 0);
    for (let i = 0; i < 50_000; i += 1) await store.put({ tenant: 't', key: `k${i % 10}` }, i, { ttlMs: 1_000 });
    expect(internals(store).documents.size).toBe(10);
    expect(internals(store).expiries.size()).toBeLessThanOrEqual(1_020);
  });
});
