/** One match kept in a group's window: event time, aggregated value, match id, rule position, level rank. */
export interface WindowEntry {
  t: number;
  v: string | number | undefined;
  id: string;
  /** Index of the matched rule in the correlation's `rules` (temporal types read it). */
  r: number;
  /** Level rank of the match (-1 when it carried none). */
  l: number;
}

/**
 * The matches of one (correlation, group), sorted by event time; equal times keep arrival
 * order, which is the order temporal_ordered needs. Old entries leave from the front by moving
 * `head`, so pruning costs nothing per match; the array is compacted once half of it is dead.
 */
export class GroupWindow {
  private entries: WindowEntry[] = [];
  private head = 0;

  get size(): number {
    return this.entries.length - this.head;
  }

  /** The i-th live entry, oldest first. */
  at(i: number): WindowEntry {
    return this.entries[this.head + i];
  }

  newestTime(): number | undefined {
    return this.size === 0 ? undefined : this.entries[this.entries.length - 1].t;
  }

  /** Inserts after every entry with time <= entry.t and returns its live index. */
  insert(entry: WindowEntry): number {
    const last = this.entries.length - 1;
    if (last < this.head || this.entries[last].t <= entry.t) {
      this.entries.push(entry);
      return this.size - 1;
    }
    const index = this.upperBound(entry.t);
    this.entries.splice(this.head + index, 0, entry);
    return index;
  }

  /** True when an entry with this time and id is already here (a replayed match). */
  has(t: number, id: string): boolean {
    for (let i = this.lowerBound(t); i < this.size && this.at(i).t === t; i++) if (this.at(i).id === id) return true;
    return false;
  }

  /** Drops entries older than `minTime`, and the oldest ones beyond `maxSize`; returns how many left for the cap. */
  prune(minTime: number, maxSize: number): number {
    while (this.head < this.entries.length && this.entries[this.head].t < minTime) this.head++;
    const over = Math.max(0, this.size - maxSize);
    this.head += over;
    if (this.head > 32 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return over;
  }

  /** Live index of the first entry with time >= t. */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).t < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Live index of the first entry with time > t. */
  upperBound(t: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).t <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  toArray(): WindowEntry[] {
    return this.entries.slice(this.head);
  }

  static from(entries: readonly WindowEntry[]): GroupWindow {
    const window = new GroupWindow();
    window.entries = [...entries].sort((a, b) => a.t - b.t);
    return window;
  }
}
