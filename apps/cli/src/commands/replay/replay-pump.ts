import type { ReplayLine } from './replay-lines';
import type { ReplayTally } from './replay-tally';
import type { ReplayTarget } from './replay-target';
import { TokenBucket, type Clock } from './token-bucket';

export interface PumpOptions {
  /** Most lines in one request or produce. */
  batchSize: number;
  /** Most bytes of lines in one batch (under ingest's 5 MiB body and Kafka's 1 MB record batch defaults). */
  maxBatchBytes: number;
  /** Events per second, or undefined to send as fast as the target takes them. */
  rate?: number;
  clock: Clock;
  tally: ReplayTally;
  /** Called after each batch is answered. */
  onBatch(): void;
}

/** Batches in flight at once: enough to keep a remote target busy while the next one is read. */
const CONCURRENCY = 4;
/** A paced batch holds this long's worth of events, so they arrive at the rate and not in lumps. */
const PACED_BATCH_MS = 200;

/**
 * Reads the lines, batches them and sends the batches, at most CONCURRENCY at a time (which bounds
 * memory for any input size). Stops reading at the first batch the target cannot take, lets the
 * batches in flight finish, and throws that failure.
 */
export async function pumpLines(lines: AsyncIterable<ReplayLine>, target: ReplayTarget, options: PumpOptions): Promise<void> {
  const { clock, tally } = options;
  const bucket = options.rate === undefined ? undefined : new TokenBucket(options.rate, clock);
  const batchSize = options.rate === undefined ? options.batchSize : Math.min(options.batchSize, Math.max(1, Math.floor((options.rate * PACED_BATCH_MS) / 1000)));
  const inflight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const flush = (batch: ReplayLine[]) => {
    tally.sent += batch.length;
    const sending: Promise<void> = target
      .send(batch)
      .then(
        (outcome) => {
          tally.record(outcome);
          options.onBatch();
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => inflight.delete(sending));
    inflight.add(sending);
  };

  let batch: ReplayLine[] = [];
  let bytes = 0;
  const send = async () => {
    flush(batch);
    batch = [];
    bytes = 0;
    while (inflight.size >= CONCURRENCY) await Promise.race(inflight);
  };
  try {
    for await (const line of lines) {
      if (failure) break;
      if (bucket) await bucket.take();
      const size = Buffer.byteLength(line.text) + 1;
      // A line that would take the batch over its bytes starts the next one (a line alone may be larger).
      if (batch.length > 0 && bytes + size > options.maxBatchBytes) await send();
      batch.push(line);
      bytes += size;
      if (batch.length >= batchSize) await send();
    }
    if (batch.length > 0 && !failure) flush(batch);
  } finally {
    // Also when reading fails: the batches already sent are answered before the target is closed.
    await Promise.all(inflight);
  }
  if (failure) throw failure.error;
}
