import { LRUCache } from 'lru-cache';

/**
 * Pairs known to exist, with the latest time each was seen, bounded by least-recent use so a flood
 * of new pairs cannot grow memory without end. A hit makes a repeated pair cost no query; a miss
 * only costs a query, so eviction never changes an answer.
 */
export class KnownPairs {
  private readonly lastSeen: LRUCache<string, number>;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`KnownPairs capacity must be a positive integer, got ${capacity}`);
    this.lastSeen = new LRUCache({ max: capacity });
  }

  /** True when the pair was seen at or after `since`. */
  seenSince(key: string, since: number): boolean {
    const at = this.lastSeen.get(key);
    return at !== undefined && at >= since;
  }

  remember(key: string, at: number): void {
    const previous = this.lastSeen.peek(key);
    this.lastSeen.set(key, previous === undefined ? at : Math.max(previous, at));
  }

  get size(): number {
    return this.lastSeen.size;
  }
}
