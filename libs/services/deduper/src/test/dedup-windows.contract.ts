import type { DocumentStore } from '@quell/platform-state';
import type { DedupRules } from '@quell/dedup';
import { DedupWindows } from '../dedup-windows';

export interface DedupWindowsFixture {
  store: DocumentStore;
  /** Another replica's view of the same documents. */
  rival: DocumentStore;
  /** Moves the store's clock forward: a fake clock in memory, real waiting for Redis's own expiry. */
  advance(ms: number): Promise<void>;
}

/**
 * The dedup behaviour the deduper promises, run over each document store adapter (these were
 * the dedup store's contract tests when the semantics lived in the adapters). Windows are short
 * (WINDOW ms) so that the Redis run, which really waits, stays fast; margins are wide enough for a
 * loaded machine.
 */
export function describeDedupWindows(name: string, make: () => DedupWindowsFixture): void {
  const WINDOW = 600;
  const rules = (windowMs: number): DedupRules => ({ windowMs, flapReturns: 0, flapWindowMs: windowMs });
  const LONG = rules(60_000);
  const observeOne = async (windows: DedupWindows, fingerprint: string, id: string, at: number, tenant = 'acme') =>
    (await windows.observe([{ tenant, fingerprint, id, at }]))[0];

  describe(`dedup windows over the ${name} document store`, () => {
    it('counts occurrences of a fingerprint within its window', async () => {
      const windows = new DedupWindows(make().store, LONG);
      expect(await observeOne(windows, 'fp', 'a1', 1000)).toEqual({ alertId: 'a1', count: 1, firstSeen: 1000, lastSeen: 1000, isNew: true, flapping: false });
      expect(await observeOne(windows, 'fp', 'a2', 2000)).toEqual({ alertId: 'a1', count: 2, firstSeen: 1000, lastSeen: 2000, isNew: false, flapping: false });
    });

    it('counts a redelivered occurrence once', async () => {
      const windows = new DedupWindows(make().store, LONG);
      await observeOne(windows, 'fp', 'a1', 1000);
      expect(await observeOne(windows, 'fp', 'a1', 1000)).toEqual({ alertId: 'a1', count: 1, firstSeen: 1000, lastSeen: 1000, isNew: false, flapping: false });
      expect(await observeOne(windows, 'fp', 'a2', 1500)).toMatchObject({ count: 2 });
      expect(await observeOne(windows, 'fp', 'a1', 1000)).toMatchObject({ count: 2, isNew: false });
    });

    it('keeps fingerprints and tenants apart, and lets occurrences of one batch see each other in order', async () => {
      const windows = new DedupWindows(make().store, LONG);
      await observeOne(windows, 'fp-1', 'a1', 1000);
      expect(await observeOne(windows, 'fp-2', 'a1', 1000)).toEqual({ alertId: 'a1', count: 1, firstSeen: 1000, lastSeen: 1000, isNew: true, flapping: false });
      expect(await observeOne(windows, 'fp-1', 'a1', 1000, 'globex')).toMatchObject({ count: 1, isNew: true });
      const batch = await windows.observe([
        { tenant: 'acme', fingerprint: 'fp-3', id: 'b1', at: 10 },
        { tenant: 'acme', fingerprint: 'fp-1', id: 'b2', at: 20 },
        { tenant: 'acme', fingerprint: 'fp-3', id: 'b3', at: 5 },
        { tenant: 'acme', fingerprint: 'fp-3', id: 'b1', at: 10 },
      ]);
      expect(batch).toEqual([
        { alertId: 'b1', count: 1, firstSeen: 10, lastSeen: 10, isNew: true, flapping: false },
        { alertId: 'a1', count: 2, firstSeen: 20, lastSeen: 1000, isNew: false, flapping: false },
        { alertId: 'b1', count: 2, firstSeen: 5, lastSeen: 10, isNew: false, flapping: false },
        { alertId: 'b1', count: 2, firstSeen: 5, lastSeen: 10, isNew: false, flapping: false },
      ]);
    });

    it('keeps a window open while occurrences keep coming (event time), and opens a new alert after a quiet window', async () => {
      const windows = new DedupWindows(make().store, rules(WINDOW));
      await observeOne(windows, 'fp', 'a1', 1000);
      await observeOne(windows, 'fp', 'a2', 1000 + WINDOW);
      expect(await observeOne(windows, 'fp', 'a3', 1000 + 2 * WINDOW)).toMatchObject({ alertId: 'a1', count: 3, isNew: false });
      expect(await observeOne(windows, 'fp', 'a4', 1001 + 3 * WINDOW)).toMatchObject({ alertId: 'a4', count: 1, isNew: true });
    });

    it('forgets a fingerprint once its time to live passes without a counted occurrence (a redelivery does not renew it)', async () => {
      const { store, advance } = make();
      const windows = new DedupWindows(store, rules(WINDOW));
      await observeOne(windows, 'fp', 'a1', 1000);
      await advance(WINDOW / 2);
      await observeOne(windows, 'fp', 'a1', 1000);
      await advance(WINDOW / 2 + 100);
      expect(await observeOne(windows, 'fp', 'a2', 1100)).toMatchObject({ alertId: 'a2', count: 1, isNew: true });
    });

    it('counts each occurrence once when two replicas observe the same batch concurrently', async () => {
      const { store, rival } = make();
      const batch = Array.from({ length: 50 }, (_, i) => ({ tenant: 'acme', fingerprint: 'fp', id: `a${i}`, at: 1000 + i }));
      await Promise.all([new DedupWindows(store, LONG).observe(batch), new DedupWindows(rival, LONG).observe(batch)]);
      expect(await observeOne(new DedupWindows(store, LONG), 'fp', 'a0', 1000)).toMatchObject({ count: 50, firstSeen: 1000, lastSeen: 1049 });
    });
  });
}
