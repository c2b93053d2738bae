import { Heap } from 'heap-js';

// Rebuilt from the current items when it holds more than this many times as many, plus the minimum.
const SLACK = 2;
const SLACK_MIN = 1000;

/**
 * A priority queue over a store whose items are replaced or removed in place (a document rewritten,
 * a timer claimed or acked): a push costs log n, and a superseded item is not searched for but
 * stays until it comes up, then is skipped. So a caller taking what is due pays for that, not for
 * everything the store holds. When superseded items outnumber the current ones it is rebuilt.
 */
export class SupersedingQueue<T> {
  private readonly heap: Heap<T>;

  /**
   * `priority`: smaller comes first. `isCurrent`: whether the store still holds this item.
   * `current`: every item the store holds now, and `currentCount` how many (for the rebuild).
   */
  constructor(
    priority: (item: T) => number,
    private readonly isCurrent: (item: T) => boolean,
    private readonly current: () => Iterable<T>,
    private readonly currentCount: () => number,
  ) {
    this.heap = new Heap<T>((a, b) => priority(a) - priority(b));
  }

  push(item: T): void {
    this.heap.push(item);
    if (this.heap.size() > SLACK * this.currentCount() + SLACK_MIN) this.heap.init([...this.current()]);
  }

  /** The current item that comes first, dropping the superseded ones ahead of it. */
  peek(): T | undefined {
    for (let item = this.heap.peek(); item !== undefined; item = this.heap.peek()) {
      if (this.isCurrent(item)) return item;
      this.heap.pop();
    }
    return undefined;
  }

  /** Takes the current item that comes first out of the queue when `due(item)` (the store still holds it); otherwise leaves it. */
  popIf(due: (item: T) => boolean): T | undefined {
    const item = this.peek();
    if (item === undefined || !due(item)) return undefined;
    this.heap.pop();
    return item;
  }

  /** Items held, superseded ones included (what the rebuild bounds). */
  size(): number {
    return this.heap.size();
  }
}
