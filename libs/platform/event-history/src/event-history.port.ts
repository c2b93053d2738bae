import type { Event } from '@quell/contracts';
import type { HistoryRange } from './event-history-pages';
import type { EventRow } from './event-row';

/** Port token of the event history (EventHistory), provided by the service kit's storage wiring. */
export const EVENT_HISTORY = Symbol('EVENT_HISTORY');

/** Values bound to `{name:Type}` placeholders; never interpolated into the SQL. */
export type HistoryQueryParams = Record<string, unknown>;

/**
 * The normalized event history that correlation windows, baselines and investigations read, and
 * the history writer fills. Services get it injected (EVENT_HISTORY) instead of a database client.
 */
export interface EventHistory {
  /** One batch; the same `dedupToken` twice stores it once, so a retried batch never doubles history. */
  insertBatch(rows: EventRow[], dedupToken: string): Promise<void>;
  /** The events of a range in event-time order, one page at a time. */
  pages(range: HistoryRange, pageSize: number): AsyncGenerator<Event[]>;
  /** Where to start reading a range so that about its `max` newest events are read. */
  newestEventsStart(range: HistoryRange, max: number): Promise<number>;
  /**
   * A read-only query of the caller's own (the correlator's baselines): `query` receives the
   * qualified table name, every value goes in `params` as `{name:Type}`. Rows come back as JSON.
   */
  select<Row>(query: (table: string) => string, params: HistoryQueryParams): Promise<Row[]>;
}
