import { InMemoryDocumentStore } from './in-memory-document-store';
import { describeDocumentStore } from './test/document-store.contract';

describeDocumentStore('in-memory', (limits) => {
  let now = 1_000_000;
  const store = new InMemoryDocumentStore(() => now, limits);
  return { store, rival: store, advance: async (ms) => void (now += ms) };
});

describe('InMemoryDocumentStore housekeeping', () => {
  it('forgets expired documents and index entries, so memory follows the live ones', async () => {
    let now = 0;
    const store = new InMemoryDocumentStore(() => now);
    for (let i = 0; i < 600; i += 1) await store.put({ tenant: 't', key: `k${i}` }, i, { ttlMs: 100, index: { changes: [`host:${i}`] } });
    now = 1000;
    for (let i = 0; i < 1000; i += 1) await store.get({ tenant: 't', key: 'fresh' });
    const sizes = store as unknown as { documents: Map<string, unknown>; indexes: Map<string, unknown> };
    expect(sizes.documents.size).toBe(0);
    expect(sizes.indexes.size).toBe(0);
  });
});
