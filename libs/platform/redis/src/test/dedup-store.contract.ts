import type { DedupStore } from '../dedup-store.port';

/** The semantics both stores share; `advance` moves the store's clock (or waits, for Redis). */
export function describeDedupStore(name: string, make: () => { store: DedupStore; advance(ms: number): Promise<void> }): void {
  describe(`${name} dedup store`, () => {
    it('counts occurrences of a fingerprint within its window', async () => {
      const { store } = make();
      expect(await store.observe('fp', 'a1', 1000, 60_000)).toEqual({ count: 1, firstSeen: 1000, lastSeen: 1000, isNew: true });
      expect(await store.observe('fp', 'a2', 2000, 60_000)).toEqual({ count: 2, firstSeen: 1000, lastSeen: 2000, isNew: false });
    });

    it('counts a redelivered occurrence once', async () => {
      const { store } = make();
      await store.observe('fp', 'a1', 1000, 60_000);
      expect(await store.observe('fp', 'a1', 1000, 60_000)).toMatchObject({ count: 1, isNew: false });
    });

    it('keeps fingerprints apart', async () => {
      const { store } = make();
      await store.observe('fp-1', 'a1', 1000, 60_000);
      expect(await store.observe('fp-2', 'a2', 1000, 60_000)).toMatchObject({ count: 1, isNew: true });
    });

    it('opens a new window once the last one expired', async () => {
      const { store, advance } = make();
      await store.observe('fp', 'a1', 1000, 300);
      await advance(600);
      expect(await store.observe('fp', 'a2', 5000, 300)).toEqual({ count: 1, firstSeen: 5000, lastSeen: 5000, isNew: true });
    });
  });
}
