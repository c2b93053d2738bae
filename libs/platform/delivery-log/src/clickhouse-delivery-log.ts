import { assertIdentifier, DEFAULT_DATABASE, insertJsonRows, toDateTime64, type ClickHouseClient } from '@quell/platform-clickhouse';
import { DELIVERIES_TABLE } from './delivery-log.migrations';
import type { DeliveryAttempt, DeliveryLog } from './delivery-log.port';

export interface ClickHouseDeliveryLogOptions {
  database?: string;
  /** A batch is written once it holds this many rows… */
  maxBatch?: number;
  /** …or this long after its first row. */
  flushIntervalMs?: number;
  /** Rows kept while ClickHouse is away; beyond it the oldest go (counted in `dropped`). */
  maxBuffered?: number;
  onError?(error: unknown, rows: number): void;
}

/**
 * The delivery log in ClickHouse, written in batches off the delivery's path: `record` only
 * buffers. A failed write keeps its rows for the next one (bounded: the log is for operators, the
 * delivery guarantee lives in the document store). Rows written twice collapse (ReplacingMergeTree).
 */
export class ClickHouseDeliveryLog implements DeliveryLog {
  private readonly database: string;
  private readonly options: Required<Omit<ClickHouseDeliveryLogOptions, 'database' | 'onError'>>;
  private buffer: DeliveryAttempt[] = [];
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  dropped = 0;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly settings: ClickHouseDeliveryLogOptions = {},
  ) {
    this.database = assertIdentifier(settings.database ?? DEFAULT_DATABASE);
    this.options = { maxBatch: settings.maxBatch ?? 500, flushIntervalMs: settings.flushIntervalMs ?? 1_000, maxBuffered: settings.maxBuffered ?? 50_000 };
  }

  record(attempt: DeliveryAttempt): void {
    this.buffer.push(attempt);
    const excess = this.buffer.length - this.options.maxBuffered;
    if (excess > 0) {
      this.buffer.splice(0, excess);
      this.dropped += excess;
    }
    if (this.buffer.length >= this.options.maxBatch) void this.flush().catch(() => undefined);
    else this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.options.flushIntervalMs).unref();
  }

  /** One write at a time, in order; a failure puts its rows back in front and rethrows. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.catch(() => undefined).then(() => this.write());
    return this.writing;
  }

  /** Nest calls this when the owning module shuts down, before the client closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.flush().catch(() => undefined);
  }

  private async write(): Promise<void> {
    const rows = this.buffer;
    if (rows.length === 0) return;
    this.buffer = [];
    try {
      // async_insert off: a resolved insert is stored (chdb turns it on by default).
      await insertJsonRows(this.client, { table: `${this.database}.${DELIVERIES_TABLE}`, rows: rows.map(rowOf), settings: { async_insert: 0 } });
    } catch (error) {
      this.buffer = [...rows, ...this.buffer].slice(-this.options.maxBuffered);
      this.settings.onError?.(error, rows.length);
      throw error;
    }
  }
}

function rowOf(attempt: DeliveryAttempt) {
  return {
    tenant: attempt.tenant,
    incident_id: attempt.incidentId,
    transition: attempt.transition,
    transition_key: attempt.transitionKey,
    channel: attempt.channel,
    attempt: attempt.attempt,
    status: attempt.status,
    http_status: attempt.httpStatus,
    error: attempt.error,
    at: toDateTime64(attempt.at),
  };
}
