import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import type { Event } from '@quell/contracts';
import { assertIdentifier, DEFAULT_DATABASE } from './clickhouse-client';
import { eventToRow, type EventRow } from './event-row';

// WARNING: the table name must not change silently: every deployment's history lives in it.
const EVENTS_TABLE = 'quell_events';

/**
 * Writes and reads the event history in `<database>.quell_events`. Inserts throw on failure (there
 * is no success flag to forget to check); reads bind every value as a `{name:Type}` parameter.
 */
export class EventHistoryRepository {
  private readonly table: string;

  /** `database` holds the table (tests pass a unique one; see MigrationOptions.database). */
  constructor(
    private readonly client: ClickHouseClient,
    database = DEFAULT_DATABASE,
  ) {
    this.table = `${assertIdentifier(database, 'database')}.${EVENTS_TABLE}`;
  }

  /** The exported `eventToRow`, here too for `rows.map(EventHistoryRepository.eventToRow)`. */
  static eventToRow(e: Event): EventRow {
    return eventToRow(e);
  }

  /**
   * Inserts one batch. The same `dedupToken` twice inserts once (the table keeps a deduplication
   * window of 1000 inserts), so a batch retried after a lost acknowledgement does not double the
   * history. The token must therefore name the batch's content, e.g. topic, partition and offsets.
   * `settings` adds insert settings (tools/bench/history-insert.ts compares them); the token wins.
   */
  async insertBatch(rows: EventRow[], dedupToken: string, settings: ClickHouseSettings = {}): Promise<void> {
    if (rows.length === 0) return;
    await this.client.insert({
      table: this.table,
      values: rows,
      format: 'JSONEachRow',
      clickhouse_settings: { ...settings, insert_deduplication_token: dedupToken },
    });
  }

  /** The events with these ids, one row per id (FINAL collapses a replay inserted in another batch). */
  async findByIds(tenant: string, ids: string[]): Promise<EventRow[]> {
    const result = await this.client.query({
      query: `SELECT * FROM ${this.table} FINAL WHERE tenant = {tenant:String} AND id IN {ids:Array(String)} ORDER BY time`,
      query_params: { tenant, ids },
      format: 'JSONEachRow',
    });
    return result.json<EventRow>();
  }

  /**
   * How many stored copies of one event exist, before merges collapse them (no FINAL): 1 after any
   * number of retries with the same token. This is what proves an insert idempotent.
   */
  async countById(tenant: string, id: string): Promise<number> {
    const result = await this.client.query({
      query: `SELECT count() AS n FROM ${this.table} WHERE tenant = {tenant:String} AND id = {id:String}`,
      query_params: { tenant, id },
      format: 'JSONEachRow',
    });
    return readCount(await result.json<{ n: string | number }>());
  }

  /** How many distinct events a tenant has (FINAL: a replayed event counts once). */
  async count(tenant: string): Promise<number> {
    const result = await this.client.query({
      query: `SELECT count() AS n FROM ${this.table} FINAL WHERE tenant = {tenant:String}`,
      query_params: { tenant },
      format: 'JSONEachRow',
    });
    return readCount(await result.json<{ n: string | number }>());
  }
}

// UInt64 arrives as a string in JSON formats (output_format_json_quote_64bit_integers).
function readCount(rows: { n: string | number }[]): number {
  return Number(rows[0]?.n ?? 0);
}
