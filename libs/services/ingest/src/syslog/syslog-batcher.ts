import { backOff } from 'exponential-backoff';

export interface BatchRetry {
  attempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** False for an error retrying cannot fix (the batch is reported at once); retried by default. */
  retryWhile?: (error: unknown) => boolean;
}

/**
 * Collects messages and hands them on in batches: when `maxSize` are waiting or `maxDelayMs` after
 * the first one, whichever comes first. One flush runs at a time, so batches keep arrival order.
 */
export class SyslogBatcher<T> {
  private items: T[] = [];
  private itemsBytes = 0;
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  /** Bytes added and not yet published or given up on: what the receivers hold in memory. */
  private backlog = 0;
  /** Called each time a batch is published or given up on, so a paused input can resume. */
  onSettled?: () => void;

  constructor(
    private readonly flushBatch: (items: T[]) => Promise<void>,
    /**
     * A batch that fails for good (its error is not retriable, or the attempts ran out) is reported
     * here. Syslog senders cannot be asked to resend, so by default a retriable failure (the broker
     * away) is retried for as long as it lasts: the backlog bound pauses TCP reading meanwhile.
     */
    private readonly onError: (error: unknown, count: number) => void,
    private readonly maxSize = 500,
    private readonly maxDelayMs = 50,
    private readonly retry: BatchRetry = { attempts: Number.POSITIVE_INFINITY, firstDelayMs: 200, maxDelayMs: 5_000 },
  ) {}

  /** Bytes held, from add until the batch is published or given up on. */
  get backlogBytes(): number {
    return this.backlog;
  }

  add(item: T, bytes = 0): void {
    this.items.push(item);
    this.itemsBytes += bytes;
    this.backlog += bytes;
    if (this.items.length >= this.maxSize) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
  }

  /** Sends what is waiting; resolves once it and every earlier batch is handed on. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.items;
    const batchBytes = this.itemsBytes;
    this.items = [];
    this.itemsBytes = 0;
    const send = () =>
      backOff(() => this.flushBatch(batch), {
        numOfAttempts: this.retry.attempts,
        startingDelay: this.retry.firstDelayMs,
        maxDelay: this.retry.maxDelayMs,
        jitter: 'full',
        retry: (error: unknown) => this.retry.retryWhile?.(error) ?? true,
      });
    const settled = () => {
      this.backlog -= batchBytes;
      this.onSettled?.();
    };
    if (batch.length > 0) {
      this.chain = this.chain
        .then(send)
        .catch((error: unknown) => this.onError(error, batch.length))
        .finally(settled);
    }
    return this.chain;
  }
}
