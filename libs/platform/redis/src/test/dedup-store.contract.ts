import type { DedupStore } from '../dedup-store.port';

export interface DedupStoreFixture {
  store: DedupStore;
  /** Moves the store's clock forward: a fake clock in memory, real waiting for Redis's own expiry. */
  advance(ms: number): Promise<void>;
}

/**
 * The semantics every DedupStore shares, run against each implementation. Windows are short
 * (WINDOW ms) so that the Redis run, which really waits, stays fast; the margins are wide enough
 * for a loaded machine.
 */
export function describeDedupStore(name: string, make: () => DedupStoreFixture): void {
  const WINDOW = 600;

  describe(`${name} dedup store`, () => {
    it('counts occurrences of a fingerprint within its window', async () => {
      const { store } = make();
      expect(await store.observe('fp', 'a1', 1000, 60_000)).toEqual({ count: 1, firstSeen: 1000, lastSeen: 1000, isNew: true });
      expect(await store.observe('fp', 'a2', 2000, 60_000)).toEqual({ count: 2, firstSeen: 1000, lastSeen: 2000, isNew: false });
    });

    it('counts a redelivered occurrence once', async () => {
      const { store } = make();
      await store.observe('fp', 'a1', 1000, 60_000);
      expect(await store.observe('fp', 'a1', 1000, 60_000)).toEqual({ count: 1, firstSeen: 1000, lastSeen: 1000, isNew: false });
      expect(await store.observe('fp', 'a2', 1500, 60_000)).toMatchObject({ count: 2 });
      expect(await store.observe('fp', 'a1', 1000, 60_000)).toMatchObject({ count: 2, isNew: false });
    });

    it('keeps the earliest and latest times when occurrences arrive out of order', async () => {
      const { store } = make();
      await store.observe('fp', 'a1', 5000, 60_000);
      expect(await store.observe('fp', 'a2', 3000, 60_000)).toEqual({ count: 2, firstSeen: 3000, lastSeen: 5000, isNew: false });
    });

    it('keeps fingerprints apart', async () => {
      const { store } = make();
      await store.observe('fp-1', 'a1', 1000, 60_000);
      expect(await store.observe('fp-2', 'a1', 1000, 60_000)).toEqual({ count: 1, firstSeen: 1000, lastSeen: 1000, isNew: true });
    });

    it('keeps a window open while occurrences keep coming, and opens a new one after a quiet window', async () => {
      const { store, advance } = make();
      await store.observe('fp', 'a1', 1000, WINDOW);
      await advance(WINDOW / 2);
      await store.observe('fp', 'a2', 2000, WINDOW);
      await advance(WINDOW / 2 + 100); // past the first occurrence's window, inside the second's
      expect(await store.observe('fp', 'a3', 3000, WINDOW)).toEqual({ count: 3, firstSeen: 1000, lastSeen: 3000, isNew: false });
      await advance(WINDOW + 100);
      expect(await store.observe('fp', 'a1', 5000, WINDOW)).toEqual({ count: 1, firstSeen: 5000, lastSeen: 5000, isNew: true });
    });

    it('does not extend a window for a redelivered occurrence', async () => {
      const { store, advance } = make();
      await store.observe('fp', 'a1', 1000, WINDOW);
      await advance(WINDOW / 2);
      await store.observe('fp', 'a1', 1000, WINDOW);
      await advance(WINDOW / 2 + 100);
      expect(await store.observe('fp', 'a2', 2000, WINDOW)).toMatchObject({ count: 1, isNew: true });
    });

    it('claims a key once until its time to live has passed', async () => {
      const { store, advance } = make();
      expect(await store.claimOnce('notify:inc-1', WINDOW)).toBe(true);
      expect(await store.claimOnce('notify:inc-1', WINDOW)).toBe(false);
      expect(await store.claimOnce('notify:inc-2', WINDOW)).toBe(true);
      await advance(WINDOW + 100);
      expect(await store.claimOnce('notify:inc-1', WINDOW)).toBe(true);
    });

    it('keeps claims and dedup windows apart', async () => {
      const { store } = make();
      expect(await store.claimOnce('fp', 60_000)).toBe(true);
      expect(await store.observe('fp', 'a1', 1000, 60_000)).toMatchObject({ count: 1, isNew: true });
    });

    it('rejects a window or time to live that is not a positive whole number of milliseconds', async () => {
      const { store } = make();
      await expect(store.observe('fp', 'a1', 1000, 0)).rejects.toThrow(RangeError);
      await expect(store.observe('fp', 'a1', 1000, 1.5)).rejects.toThrow(/windowMs/);
      await expect(store.claimOnce('k', -1)).rejects.toThrow(/ttlMs/);
    });
  });
}
