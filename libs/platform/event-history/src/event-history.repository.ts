import type { ClickHouseSettings } from '@clickhouse/client';
import type { Event } from '@quell/contracts';
import { DEFAULT_DATABASE, embeddedEngineOf, jsonLines, scalarSettings, type ClickHouseClient } from '@quell/platform-clickhouse';
import { historyPages, newestEventsStart, type HistoryRange } from './event-history-pages';
import type { EventHistory, HistoryQueryParams } from './event-history.port';
import { eventToRow, rowValues, type EventRow } from './event-row';
import { eventsTable } from './events-table';

/**
 * The EventHistory port over ClickHouse: writes and reads `<database>.quell_events`. Inserts throw
 * on failure (there is no success flag to forget to check); reads bind every value as a
 * `{name:Type}` parameter.
 */
export class EventHistoryRepository implements EventHistory {
  private readonly table: string;

  /** `database` holds the table (tests pass a unique one; see MigrationOptions.database). */
  constructor(
    private readonly client: ClickHouseClient,
    database = DEFAULT_DATABASE,
  ) {
    this.table = eventsTable(database);
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
   *
   * Rows go as JSONCompactEachRow (no column names on every row) and, on the embedded engine, as
   * one Buffer through chdb's raw insert rather than the client's SQL string. At 5,000 per insert:
   * 0.062 CPU s per 1,000 events, 0.068–0.070 through the client, 0.084–0.086 as JSONEachRow; at
   * ~900 all within 0.105–0.14, so batch size matters most (tools/bench/history-insert.ts, which
   * also found no table setting worth a migration). RowBinary/Native reach neither engine: chdb
   * reads an insert body as text. The body is encoded line by line (see jsonLines).
   */
  async insertBatch(rows: EventRow[], dedupToken: string, settings: ClickHouseSettings = {}): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]) as (keyof EventRow)[];
    const clickhouseSettings = { ...settings, insert_deduplication_token: dedupToken };
    const engine = embeddedEngineOf(this.client);
    if (engine) {
      await engine.rawInsert({
        table: this.table,
        columns,
        format: 'JSONCompactEachRow',
        values: jsonLines(rows.map((row) => rowValues(row, columns))),
        settings: scalarSettings(clickhouseSettings),
      });
      return;
    }
    await this.client.insert({
      table: this.table,
      columns: columns as [string, ...string[]],
      values: rows.map((row) => rowValues(row, columns)),
      format: 'JSONCompactEachRow',
      clickhouse_settings: clickhouseSettings,
    });
  }

  pages(range: HistoryRange, pageSize: number): AsyncGenerator<Event[]> {
    return historyPages(this.client, this.table, range, pageSize);
  }

  newestEventsStart(range: HistoryRange, max: number): Promise<number> {
    return newestEventsStart(this.client, this.table, range, max);
  }

  async select<Row>(query: (table: string) => string, params: HistoryQueryParams): Promise<Row[]> {
    const result = await this.client.query({
      query: query(this.table),
      query_params: params,
      format: 'JSONEachRow',
      // Numbers as JSON numbers: counts and means, never near 2^53.
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
    return result.json<Row>();
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
