import type { ClickHouseClient } from '@quell/platform-clickhouse';
import { problem } from '@quell/platform-http';
import type { SavedQuery } from './saved-queries';

export const MAX_ROWS = 10_000;
const TIMEOUT_SECONDS = 10;

export interface QueryAnswer {
  rows: Record<string, unknown>[];
  /** True when the answer stopped at the row limit. */
  truncated: boolean;
}

/**
 * Saved queries over the all-in-one's ClickHouse while it runs (the embedded engine admits one
 * process): at most `limit` rows and 10 s, as a SETTINGS clause of the query itself — the embedded
 * engine's client turns `clickhouse_settings` into SET statements on the process's one session,
 * which would then hold for the pipeline's own writes too. Values go as query parameters.
 */
export class QueryRunner {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  /** A saved query for one tenant; a parameter it needs and was not given is a 400 naming it. */
  async saved(query: SavedQuery, tenant: string, params: Record<string, unknown>, limit: number): Promise<QueryAnswer> {
    const missing = query.params.filter((p) => params[p.name] === undefined).map((p) => `${p.name} (${p.type})`);
    if (missing.length > 0) throw problem(400, `${query.name} needs ${missing.join(', ')}`);
    const unknown = Object.keys(params).filter((name) => !query.params.some((p) => p.name === name));
    if (unknown.length > 0) throw problem(400, `${query.name} takes no ${unknown.join(', ')} (it takes ${query.params.map((p) => p.name).join(', ') || 'nothing'})`);
    const sql = `${query.sql}\nSETTINGS max_execution_time = ${TIMEOUT_SECONDS}, max_result_rows = ${limit + 1}, result_overflow_mode = 'break', output_format_json_quote_64bit_integers = 0`;
    try {
      const result = await this.client.query({ query: sql, query_params: { ...params, database: this.database, tenant }, format: 'JSONEachRow' });
      const rows = await result.json<Record<string, unknown>>();
      return { rows: rows.slice(0, limit), truncated: rows.length > limit };
    } catch (error) {
      // The engine's own words (a value of the wrong type, the time limit): the caller's to fix.
      throw problem(400, `${query.name} failed: ${(error as Error).message.split('\n')[0].trim()}`);
    }
  }
}
