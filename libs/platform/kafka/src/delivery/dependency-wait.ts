import type { BusLogger, BusObserver } from '../bus/event-bus.port';

/**
 * How long a batch must have been held by a dependency outage before its consumer says it is
 * waiting (not ready). One Redis command timing out, or a socket reset that the next attempt of
 * the same backoff round gets through, lasts well under this: readiness does not flap on a blip,
 * and a real outage shows within a couple of seconds instead of after the stuck bound (minutes).
 */
export const DEFAULT_DEPENDENCY_GRACE_MS = 2_000;

export interface DependencyWaitOptions {
  groupId: string;
  graceMs: number;
  logger: BusLogger;
  observer?: BusObserver;
  now?: () => number;
}

/** What a consumer waiting out an outage reports: the dependency's last error, and since when (ISO time). */
export interface DependencyWaiting {
  error: string;
  since: string;
}

/** One batch's part in the wait: `failed` on each outage error, `end` once it is through or given up. */
export interface BatchWait {
  failed(error: unknown): void;
  end(outcome: 'passed' | 'abandoned'): void;
  /** True while the consumer's wait has been declared (logged once): per-retry logs are noise then. */
  declared(): boolean;
}

/**
 * Whether one consumer's batches are held by a dependency outage (a store or broker away, the
 * delivery policy retrying for as long as it lasts). Transport-agnostic, shared by both buses.
 *
 * Tracked per batch (partitions are handled concurrently): the consumer waits while any batch is
 * held longer than the grace, and stops waiting once every held batch went through (each retries
 * at least every few seconds during an outage) or was given up (partition revoked, consumer
 * stopping). The change into and out of waiting is logged and counted once, not per retry.
 */
export class DependencyWait {
  /** First outage failure of each held batch, by batch. */
  private readonly held = new Map<number, number>();
  private nextBatch = 0;
  /** When the outage began (the oldest held batch's first failure), once declared. */
  private declaredSince?: number;
  private lastError?: string;
  private timer?: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly options: DependencyWaitOptions) {
    this.now = options.now ?? Date.now;
  }

  batch(): BatchWait {
    const id = (this.nextBatch += 1);
    return {
      failed: (error) => this.failed(id, error),
      end: (outcome) => this.end(id, outcome),
      declared: () => this.declaredSince !== undefined,
    };
  }

  /** The outage this consumer is waiting out, once past the grace; undefined otherwise. */
  current(): DependencyWaiting | undefined {
    if (this.declaredSince === undefined) return undefined;
    return { error: this.lastError ?? 'unknown', since: new Date(this.declaredSince).toISOString() };
  }

  /** Forgets every held batch without a log (the consumer crashed or stopped: its batches are gone). */
  clear(): void {
    this.held.clear();
    this.declaredSince = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private failed(id: number, error: unknown): void {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (!this.held.has(id)) this.held.set(id, this.now());
    this.lastError = message;
    this.evaluate();
  }

  private end(id: number, outcome: 'passed' | 'abandoned'): void {
    if (!this.held.delete(id) || this.held.size > 0) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const since = this.declaredSince;
    this.declaredSince = undefined;
    if (since === undefined) return;
    const { groupId, logger } = this.options;
    const waitedMs = this.now() - since;
    if (outcome === 'passed') logger.info({ groupId, waitedMs }, 'dependency back, consumer progressing again');
    else logger.warn({ groupId, waitedMs }, 'consumer gave up its batch while waiting for a dependency');
  }

  /** Declares the wait once the oldest held batch has been held past the grace; else checks again then. */
  private evaluate(): void {
    if (this.declaredSince !== undefined || this.held.size === 0) return;
    let oldest = Infinity;
    for (const since of this.held.values()) oldest = Math.min(oldest, since);
    const heldMs = this.now() - oldest;
    if (heldMs < this.options.graceMs) {
      // A timer, not the next retry: the retry pause may be longer than the grace.
      if (!this.timer) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.evaluate();
        }, this.options.graceMs - heldMs);
        this.timer.unref?.();
      }
      return;
    }
    this.declaredSince = oldest;
    const { groupId, logger, observer } = this.options;
    logger.error({ groupId, error: this.lastError, heldMs }, 'consumer waiting for a dependency (not ready until it answers)');
    observer?.consumerWaiting?.(groupId);
  }
}
