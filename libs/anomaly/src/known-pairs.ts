/**
 * Pairs known to exist, with the latest time each was seen, bounded by least-recent use so a flood
 * of new pairs cannot grow memory without end. A hit makes a repeated pair cost no query; a miss
 * only costs a query, so eviction never changes an answer.
 */
export class KnownPairs {
  private readonly lastSeen = new Map<string, number>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`KnownPairs capacity must be a positive integer, got ${capacity}`);
  }

  /** True when the pair was seen at or after `since`. */
  seenSince(key: string, since: number): boolean {
    const at = this.lastSeen.get(key);
    if (at === undefined) return false;
    this.touch(key, at);
    return at >= since;
  }

  remember(key: string, at: number): void {
    const previous = this.lastSeen.get(key);
    this.touch(key, previous === undefined ? at : Math.max(previous, at));
    if (this.lastSeen.size > this.capacity) {
      const oldest = this.lastSeen.keys().next().value;
      if (oldest !== undefined) this.lastSeen.delete(oldest);
    }
  }

  get size(): number {
    return this.lastSeen.size;
  }

  // Map iteration follows insertion order: re-inserting moves a key to the most-recent end.
  private touch(key: string, at: number): void {
    this.lastSeen.delete(key);
    this.lastSeen.set(key, at);
  }
}
