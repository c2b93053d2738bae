import type { DedupObservation, DedupStore } from './dedup-store.port';

interface Window {
  count: number;
  firstSeen: number;
  lastSeen: number;
  ids: Set<string>;
  expiresAt: number;
}

/** The same semantics as RedisDedupStore, in one process (all-in-one mode, unit tests). */
export class InMemoryDedupStore implements DedupStore {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  async observe(fingerprint: string, occurrenceId: string, at: number, windowMs: number): Promise<DedupObservation> {
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
      window.lastSeen = Math.max(window.lastSeen, at);
      window.expiresAt = this.now() + windowMs;
    }
    return { count: window.count, firstSeen: window.firstSeen, lastSeen: window.lastSeen, isNew };
  }
}
