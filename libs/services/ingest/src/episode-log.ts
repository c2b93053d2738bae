import type { Logger } from '@quell/platform-observability';

/**
 * Logs a condition that may repeat thousands of times a second (requests refused, datagrams
 * dropped) at most once per interval: the first occurrence at once, then one line per interval
 * with how many happened since, so an overload cannot flood the logs it should be diagnosed from.
 */
export class EpisodeLog {
  private lastAt = Number.NEGATIVE_INFINITY;
  private unlogged = 0;

  constructor(
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly message: string,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one occurrence (of `count` items) and logs when the interval has passed. */
  note(details: object, count = 1): void {
    this.unlogged += count;
    const at = this.now();
    if (at - this.lastAt < this.intervalMs) return;
    this.logger.warn({ ...details, count: this.unlogged, sinceLastLogMs: Number.isFinite(this.lastAt) ? at - this.lastAt : undefined }, this.message);
    this.lastAt = at;
    this.unlogged = 0;
  }
}
