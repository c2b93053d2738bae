/**
 * A publish given a deadline (`publish(records, { waitMs })`) found no room on a topic's bounded
 * queue in time: the stages behind it are slower than its input. Retriable: room comes back as
 * they drain, so an HTTP receiver answers 503 with Retry-After rather than dropping the records.
 */
export class BusFullError extends Error {
  readonly retriable = true;

  constructor(
    /** The full topic. */
    readonly topic: string,
    /** Its backlog and bound when the wait gave up (records published, not yet committed by its slowest group). */
    readonly backlog: number,
    readonly maxRecords: number,
    /** How long the publish waited for room. */
    readonly waitedMs: number,
    /** The same in approximate bytes, where the bus bounds those too (the in-process bus). */
    readonly bytes?: { backlog: number; max: number },
  ) {
    const megabytes = (n: number) => (n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MiB` : `${(n / 2 ** 10).toFixed(1)} KiB`);
    super(
      `topic ${topic} is full (${backlog} of ${maxRecords} records` +
        (bytes && Number.isFinite(bytes.max) ? `, about ${megabytes(bytes.backlog)} of ${megabytes(bytes.max)}` : '') +
        ` waiting) after ${waitedMs} ms`,
    );
    this.name = 'BusFullError';
  }
}
