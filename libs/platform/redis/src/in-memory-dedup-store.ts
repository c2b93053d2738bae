import { assertDuration, type DedupObservation, type DedupStore } from './dedup-store.port';

interface Window {
  count: number;
  firstSeen: number;
  lastSeen: number;
  ids: Set<string>;
  expiresAt: number;
}

// Expired entries are dropped every this many calls, so memory follows the live windows only.
const SWEEP_EVERY = 1000;

/**
 * The same semantics as RedisDedupStore, in one process (all-in-one mode, unit tests). `now` is
 * the store's clock, which expiry follows as Redis's clock does for RedisDedupStore.
 */
export class InMemoryDedupStore implements DedupStore {
  private readonly windows = new Map<string, Window>();
  private readonly claims = new Map<string, number>();
  private calls = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async observe(fingerprint: string, occurrenceId: string, at: number, windowMs: number): Promise<DedupObservation> {
    assertDuration('windowMs', windowMs);
    this.sweepSometimes();
    let window = this.windows.get(fingerprint);
    let isNew = false;
    if (!window || window.expiresAt <= this.now()) {
      window = { count: 0, firstSeen: at, lastSeen: at, ids: new Set(), expiresAt: 0 };
      this.windows.set(fingerprint, window);
      isNew = true;
    }
    if (!window.ids.has(occurrenceId)) {
      window.ids.add(occurrenceId);
      window.count += 1;
      window.firstSeen = Math.min(window.firstSeen, at);
      window.lastSeen = Math.max(window.lastSeen, at);
      window.expiresAt = this.now() + windowMs;
    }
    return { count: window.count, firstSeen: window.firstSeen, lastSeen: window.lastSeen, isNew };
  }

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    assertDuration('ttlMs', ttlMs);
    this.sweepSometimes();
    const expiresAt = this.claims.get(key);
    if (expiresAt !== undefined && expiresAt > this.now()) return false;
    this.claims.set(key, this.now() + ttlMs);
    return true;
  }

  private sweepSometimes(): void {
    this.calls += 1;
    if (this.calls % SWEEP_EVERY !== 0) return;
    const now = this.now();
    for (const [key, window] of this.windows) if (window.expiresAt <= now) this.windows.delete(key);
    for (const [key, expiresAt] of this.claims) if (expiresAt <= now) this.claims.delete(key);
  }
}
