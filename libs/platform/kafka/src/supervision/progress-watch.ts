import type { BusLogger, BusObserver } from '../bus/event-bus.port';

/** One partition of a group as the broker sees it. */
export interface PartitionLag {
  topic: string;
  partition: number;
  /** The group's committed offset ('-1' when it never committed). */
  committed: string;
  /** Records between the committed offset (or the log start) and the high watermark. */
  lag: number;
}

export interface ProgressWatchOptions {
  groupId: string;
  /** A batch held longer than this makes the consumer stuck. */
  maxBatchMs: number;
  /** Committed offsets unchanged for this long while the broker shows lag make the consumer stuck. */
  stallMs: number;
  now: () => number;
  logger: BusLogger;
  observer?: BusObserver;
}

/**
 * Whether a consumer makes progress: batches in hand and their age, and the group's committed
 * offsets against the broker's lag. A consumer can be joined and still stuck (a batch hung on a
 * paused Redis, a handler looping): readiness must say so.
 */
export class ProgressWatch {
  private readonly batches = new Map<number, number>();
  private nextBatch = 0;
  private offsets?: string;
  private frozenSince = 0;
  private waiting = 0;
  private reported?: string;
  private owned?: Set<string>;

  constructor(private readonly options: ProgressWatchOptions) {}

  /** Marks a batch as in hand; call the returned function when it is done (committed or failed). */
  batchStarted(): () => void {
    const id = (this.nextBatch += 1);
    this.batches.set(id, this.options.now());
    return () => this.batches.delete(id);
  }

  /** Forgets the batches of a consumer that crashed: its replacement starts clean. */
  clearBatches(): void {
    this.batches.clear();
  }

  /**
   * The partitions this member owns since its last join: only their progress is its business
   * (another replica's stuck partition must not make this one unready). Unknown: all of them.
   */
  assigned(assignment: Record<string, number[]> | undefined): void {
    this.owned = assignment
      ? new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => `${topic}/${p}`)))
      : undefined;
  }

  /** Feeds one read of the group's committed offsets and lag from the broker. */
  observeLag(all: PartitionLag[]): void {
    const now = this.options.now();
    const owned = this.owned;
    const partitions = owned ? all.filter((p) => owned.has(`${p.topic}/${p.partition}`)) : all;
    const offsets = partitions.map((p) => `${p.topic}/${p.partition}@${p.committed}`).join(',');
    this.waiting = partitions.reduce((sum, p) => sum + p.lag, 0);
    if (this.waiting === 0 || offsets !== this.offsets) this.frozenSince = now;
    this.offsets = offsets;
  }

  /** Why the consumer is stuck now, or undefined. */
  reason(): string | undefined {
    const now = this.options.now();
    let oldest = Infinity;
    for (const started of this.batches.values()) oldest = Math.min(oldest, started);
    if (now - oldest > this.options.maxBatchMs) {
      return `a batch in hand for ${seconds(now - oldest)} s (bound ${seconds(this.options.maxBatchMs)} s)`;
    }
    if (this.waiting > 0 && now - this.frozenSince > this.options.stallMs) {
      return `committed offsets unchanged for ${seconds(now - this.frozenSince)} s while ${this.waiting} records wait`;
    }
    return undefined;
  }

  /** Logs and counts a change into or out of the stuck state (called periodically). */
  check(): void {
    const reason = this.reason();
    const { groupId, logger, observer } = this.options;
    if (reason && !this.reported) {
      logger.error({ groupId, reason }, 'consumer stalled');
      observer?.consumerStalled?.(groupId);
    } else if (!reason && this.reported) {
      logger.info({ groupId, was: this.reported }, 'consumer progressing again');
    }
    this.reported = reason;
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
