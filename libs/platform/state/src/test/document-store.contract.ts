import { DocumentTooLargeError } from '../document-checks';
import { IndexCapacityError, MAX_LIST_LIMIT, StaleVersionError, type DocumentStore, type DocumentStoreLimits } from '../document-store.port';
import { updateDocument } from '../document-updates';

export interface DocumentStoreFixture {
  store: DocumentStore;
  /** A second writer on the same documents (another Redis connection: another replica). */
  rival: DocumentStore;
  /** Moves the store's clock forward: a fake clock in memory, real waiting for Redis's own expiry. */
  advance(ms: number): Promise<void>;
}

const DAY = 86_400_000;

/**
 * The semantics every DocumentStore shares, run against each adapter. Times to live are short
 * (TTL ms) so the Redis run, which really waits, stays fast; margins are wide for a loaded machine.
 */
export function describeDocumentStore(name: string, make: (limits?: DocumentStoreLimits) => DocumentStoreFixture): void {
  const TTL = 600;
  const a = { tenant: 'acme', key: 'incident:1' };

  describe(`${name} document store`, () => {
    it('creates a document at version 1 and gives every put the next version', async () => {
      const { store } = make();
      expect(await store.get(a)).toBeNull();
      expect(await store.put(a, { n: 1 }, { ttlMs: DAY })).toBe(1);
      expect(await store.put(a, { n: 2 }, { ttlMs: DAY })).toBe(2);
      expect(await store.get(a)).toEqual({ value: { n: 2 }, version: 2 });
    });

    it('returns copies: changing what was written or read leaves the stored document as it was', async () => {
      const { store } = make();
      const value = { list: [1] };
      await store.put(a, value, { ttlMs: DAY });
      value.list.push(2);
      const read = await store.get<{ list: number[] }>(a);
      read?.value.list.push(3);
      expect((await store.get(a))?.value).toEqual({ list: [1] });
    });

    it('writes only while ifVersion is current, else throws StaleVersionError and writes nothing', async () => {
      const { store } = make();
      await store.put(a, 'first', { ttlMs: DAY });
      expect(await store.put(a, 'second', { ttlMs: DAY, ifVersion: 1 })).toBe(2);
      const stale = await store.put(a, 'lost', { ttlMs: DAY, ifVersion: 1 }).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(StaleVersionError);
      expect(stale).toMatchObject({ retriable: true, expectedVersion: 1, actualVersion: 2, ref: a });
      expect(await store.get(a)).toEqual({ value: 'second', version: 2 });
    });

    it('treats ifVersion 0 as must-not-exist', async () => {
      const { store } = make();
      expect(await store.put(a, 'created', { ttlMs: DAY, ifVersion: 0 })).toBe(1);
      await expect(store.put(a, 'again', { ttlMs: DAY, ifVersion: 0 })).rejects.toThrow(StaleVersionError);
      expect((await store.get(a))?.value).toBe('created');
    });

    it('keeps tenants apart', async () => {
      const { store } = make();
      await store.put(a, 'acme', { ttlMs: DAY });
      expect(await store.get({ tenant: 'globex', key: a.key })).toBeNull();
      expect(await store.put({ tenant: 'globex', key: a.key }, 'globex', { ttlMs: DAY, ifVersion: 0 })).toBe(1);
      expect((await store.get(a))?.value).toBe('acme');
    });

    it('deletes only at the expected version', async () => {
      const { store } = make();
      await store.put(a, 'x', { ttlMs: DAY });
      await store.put(a, 'y', { ttlMs: DAY });
      await expect(store.delete(a, { ifVersion: 1 })).rejects.toThrow(StaleVersionError);
      expect(await store.get(a)).toEqual({ value: 'y', version: 2 });
      expect(await store.delete(a, { ifVersion: 2 })).toBe(true);
      expect(await store.get(a)).toBeNull();
      expect(await store.delete(a)).toBe(false);
      expect(await store.delete(a, { ifVersion: 0 })).toBe(false);
    });

    it('lets exactly one of two racing writers win, and a read-modify-write loser retry from a fresh read', async () => {
      const { store, rival } = make();
      await store.put(a, 0, { ttlMs: DAY });
      const race = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => (i % 2 ? store : rival).put(a, i, { ttlMs: DAY, ifVersion: 1 })));
      expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(race.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof StaleVersionError)).toBe(true);
      expect((await store.get(a))?.version).toBe(2);

      const counter = { tenant: 'acme', key: 'counter' };
      const increment = (writer: DocumentStore) =>
        updateDocument<number, void>(writer, { ref: counter, decide: (current) => ({ result: undefined, write: { value: (current?.value ?? 0) + 1, ttlMs: DAY } }) }, 50);
      await Promise.all(Array.from({ length: 8 }, (_, i) => increment(i % 2 ? store : rival)));
      expect(await store.get(counter)).toEqual({ value: 8, version: 8 });
    });

    it('expires a document ttlMs after its put, after which it starts again at version 1', async () => {
      const { store, advance } = make();
      await store.put(a, 'short', { ttlMs: TTL });
      await advance(TTL / 2);
      expect(await store.get(a)).toEqual({ value: 'short', version: 1 });
      await advance(TTL / 2 + 200);
      expect(await store.get(a)).toBeNull();
      expect(await store.put(a, 'new', { ttlMs: DAY, ifVersion: 0 })).toBe(1);
    });

    it('lists a document under its index terms, and moves it when a put changes them', async () => {
      const { store } = make();
      const keysOf = async (term: string) => (await store.listByIndex('acme', 'open-by-entity', term, { limit: 10 })).map((d) => d.key).sort();
      await store.put(a, { host: 'web-1' }, { ttlMs: DAY, index: { 'open-by-entity': ['host:web-1', 'user:bob'] } });
      await store.put({ tenant: 'acme', key: 'incident:2' }, { host: 'web-1' }, { ttlMs: DAY, index: { 'open-by-entity': ['host:web-1'] } });
      expect(await keysOf('host:web-1')).toEqual(['incident:1', 'incident:2']);
      expect(await store.listByIndex('acme', 'open-by-entity', 'user:bob', { limit: 10 })).toEqual([{ key: 'incident:1', value: { host: 'web-1' }, version: 1 }]);

      await store.put(a, { host: 'db-1' }, { ttlMs: DAY, index: { 'open-by-entity': ['host:db-1'] } });
      expect(await keysOf('host:web-1')).toEqual(['incident:2']);
      expect(await keysOf('user:bob')).toEqual([]);
      expect(await keysOf('host:db-1')).toEqual(['incident:1']);

      await store.put(a, { resolved: true }, { ttlMs: DAY });
      expect(await keysOf('host:db-1')).toEqual([]);
      expect(await store.listByIndex('globex', 'open-by-entity', 'host:web-1', { limit: 10 })).toEqual([]);
    });

    it('drops a deleted or expired document from its index terms', async () => {
      const { store, advance } = make();
      const index = { changes: ['host:web-1'] };
      await store.put(a, 1, { ttlMs: DAY, index });
      await store.put({ tenant: 'acme', key: 'short' }, 2, { ttlMs: TTL, index });
      await store.delete(a);
      expect((await store.listByIndex('acme', 'changes', 'host:web-1', { limit: 10 })).map((d) => d.key)).toEqual(['short']);
      await advance(TTL + 200);
      expect(await store.listByIndex('acme', 'changes', 'host:web-1', { limit: 10 })).toEqual([]);
    });

    it('lists at most limit documents', async () => {
      const { store } = make();
      for (let i = 0; i < 5; i += 1) await store.put({ tenant: 'acme', key: `c${i}` }, i, { ttlMs: DAY, index: { changes: ['host:web-1'] } });
      expect(await store.listByIndex('acme', 'changes', 'host:web-1', { limit: 3 })).toHaveLength(3);
      await expect(store.listByIndex('acme', 'changes', 'host:web-1', { limit: MAX_LIST_LIMIT + 1 })).rejects.toThrow(RangeError);
    });

    it('refuses a put that would list more than maxIndexMembers documents under one term, writing nothing', async () => {
      const { store } = make({ maxIndexMembers: 2 });
      const index = { changes: ['host:web-1'] };
      await store.put({ tenant: 'acme', key: 'c1' }, 1, { ttlMs: DAY, index });
      await store.put({ tenant: 'acme', key: 'c2' }, 2, { ttlMs: DAY, index });
      const full = await store.put({ tenant: 'acme', key: 'c3' }, 3, { ttlMs: DAY, index }).catch((e: unknown) => e);
      expect(full).toBeInstanceOf(IndexCapacityError);
      expect(full).toMatchObject({ retriable: false, index: 'changes', term: 'host:web-1', capacity: 2 });
      expect(await store.get({ tenant: 'acme', key: 'c3' })).toBeNull();
      expect(await store.put({ tenant: 'acme', key: 'c2' }, 22, { ttlMs: DAY, index })).toBe(2);
      await store.delete({ tenant: 'acme', key: 'c1' });
      expect(await store.put({ tenant: 'acme', key: 'c3' }, 3, { ttlMs: DAY, index })).toBe(1);
    });

    it('reads and writes batches across tenants, each write succeeding or failing on its own', async () => {
      const { store } = make();
      const b = { tenant: 'globex', key: 'incident:1' };
      const c = { tenant: 'acme', key: 'incident:3' };
      await store.put(a, 'a1', { ttlMs: DAY });
      const outcomes = await store.putMany([
        { ref: a, value: 'a2', options: { ttlMs: DAY, ifVersion: 1 } },
        { ref: b, value: 'b1', options: { ttlMs: DAY, ifVersion: 0 } },
        { ref: c, value: 'c1', options: { ttlMs: DAY, ifVersion: 4 } },
      ]);
      expect(outcomes.map((o) => (o.ok ? o.version : o.error.name))).toEqual([2, 1, 'StaleVersionError']);
      expect(await store.getMany([c, b, a])).toEqual([null, { value: 'b1', version: 1 }, { value: 'a2', version: 2 }]);
    });

    it('refuses bad writes with a clear error before touching the store', async () => {
      const { store } = make({ maxDocumentBytes: 64 });
      await expect(store.put(a, 'x', { ttlMs: 0 })).rejects.toThrow(/ttlMs/);
      await expect(store.put(a, 'x'.repeat(100), { ttlMs: DAY })).rejects.toThrow(DocumentTooLargeError);
      await expect(store.put(a, undefined, { ttlMs: DAY })).rejects.toThrow(/not a JSON value/);
      await expect(store.put(a, 'x', { ttlMs: DAY, ifVersion: -1 })).rejects.toThrow(/ifVersion/);
      await expect(store.put(a, 'x', { ttlMs: DAY, index: { 'Bad Name': ['t'] } })).rejects.toThrow(/index name/);
      await expect(store.put({ tenant: '', key: 'k' }, 'x', { ttlMs: DAY })).rejects.toThrow(/tenant/);
      await expect(store.putMany([{ ref: a, value: 'ok', options: { ttlMs: DAY } }, { ref: a, value: 'x', options: { ttlMs: -5 } }])).rejects.toThrow(/ttlMs/);
      expect(await store.get(a)).toBeNull();
    });
  });
}
