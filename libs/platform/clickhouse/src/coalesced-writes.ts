/**
 * A linger that joins the partitions of one consumer fetch: they reach their handlers within
 * microseconds of each other, so this is long enough and adds little to a write's wait.
 */
export const FETCH_PARTITIONS_LINGER_MS = 20;

/**
 * How many partitions of one fetch a group that joins them (with CoalescedWrites) handles at once:
 * all of them, where the consumer's KAFKA_PARTITIONS_CONCURRENTLY (3) made a fetch of six
 * partitions two inserts. In the distributed bench (two rounds alternated) the history writer's
 * inserts went 99 / 111 → 67 / 80 and the incident-manager's 80 / 74 → 39 / 41 (README, Benchmarks).
 */
export const FETCH_PARTITIONS_AT_ONCE = 256;

export interface CoalescedWritesOptions {
  /** How long the first caller's rows wait for others to join them (ms). */
  lingerMs: number;
  /** A write is sent at once when it holds this many rows, and holds no more unless one caller brings more. */
  maxRows: number;
}

interface OpenWrite<T> {
  rows: T[];
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
  timer: NodeJS.Timeout;
}

/**
 * Joins the rows of batch handlers that run at the same time into one write. A consumer handles
 * several partitions of one fetch at once (FETCH_PARTITIONS_AT_ONCE), and at alert rates each holds a
 * few rows, while a ClickHouse insert costs the engine about the same however few rows it carries
 * (embedded, with its merges: ~12.7 CPU ms per alert one at a time, 2.8 five at a time, 1.1 fifty
 * at a time). Each caller's promise settles with the write that carried its rows, so a consumer
 * still commits its offsets only once its rows are stored, and a failed write fails every caller
 * in it (each retries its own rows).
 */
export class CoalescedWrites<T> {
  private open?: OpenWrite<T>;

  constructor(
    private readonly write: (rows: T[]) => Promise<void>,
    private readonly options: CoalescedWritesOptions,
  ) {}

  add(rows: readonly T[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    // Rows that would take the open write past the bound go in the next one (a caller's rows are never split).
    if (this.open && this.open.rows.length + rows.length > this.options.maxRows) this.send(this.open);
    const batch = (this.open ??= this.start());
    batch.rows.push(...rows);
    const written = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    if (batch.rows.length >= this.options.maxRows) this.send(batch);
    return written;
  }

  private start(): OpenWrite<T> {
    const batch: OpenWrite<T> = { rows: [], waiters: [], timer: setTimeout(() => this.send(batch), this.options.lingerMs) };
    return batch;
  }

  private send(batch: OpenWrite<T>): void {
    if (this.open !== batch) return;
    this.open = undefined;
    clearTimeout(batch.timer);
    this.write(batch.rows).then(
      () => batch.waiters.forEach((waiter) => waiter.resolve()),
      (error: unknown) => batch.waiters.forEach((waiter) => waiter.reject(error)),
    );
  }
}
