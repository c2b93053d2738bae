import { backOff } from 'exponential-backoff';

/**
 * Collects messages and hands them on in batches: when `maxSize` are waiting or `maxDelayMs` after
 * the first one, whichever comes first. One flush runs at a time, so batches keep arrival order.
 */
export class SyslogBatcher<T> {
  private items: T[] = [];
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly flushBatch: (items: T[]) => Promise<void>,
    /**
     * A batch that still fails after the retries is reported here: syslog senders cannot be asked
     * to resend, so the retries (about half a minute) ride out a broker failover first.
     */
    private readonly onError: (error: unknown, count: number) => void,
    private readonly maxSize = 500,
    private readonly maxDelayMs = 50,
    private readonly retry = { attempts: 8, firstDelayMs: 200, maxDelayMs: 5_000 },
  ) {}

  add(item: T): void {
    this.items.push(item);
    if (this.items.length >= this.maxSize) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
  }

  /** Sends what is waiting; resolves once it and every earlier batch is handed on. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.items;
    this.items = [];
    const send = () =>
      backOff(() => this.flushBatch(batch), {
        numOfAttempts: this.retry.attempts,
        startingDelay: this.retry.firstDelayMs,
        maxDelay: this.retry.maxDelayMs,
        jitter: 'full',
      });
    if (batch.length > 0) this.chain = this.chain.then(send).catch((error: unknown) => this.onError(error, batch.length));
    return this.chain;
  }
}
