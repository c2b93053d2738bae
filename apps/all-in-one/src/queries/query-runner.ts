import type { ClickHouseClient } from '@quell/platform-clickhouse';
import { problem, type ProblemException } from '@quell/platform-http';
import type { SavedQuery } from './saved-queries';
import { selectRefusal } from './select-statement';

export const MAX_ROWS = 10_000;

export interface QueryAnswer {
  rows: Record<string, unknown>[];
  /** True when the answer stopped at the row limit. */
  truncated: boolean;
}

/** What one query may take of the process it shares with the pipeline. */
export interface QueryLimits {
  timeoutSeconds: number;
  maxMemoryBytes: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { timeoutSeconds: 10, maxMemoryBytes: 1 << 30 };
// The answer is held whole in memory (chdb materialises it) before the row limit cuts it.
const MAX_RESULT_BYTES = 64 << 20;

/**
 * Investigation queries over the all-in-one's ClickHouse while it runs (the embedded engine admits
 * one process): read-only, at most `limit` rows, the time and memory limits, all as a SETTINGS
 * clause of the query itself — the embedded engine's client turns `clickhouse_settings` into SET
 * statements on the process's one session, which would then hold for the pipeline's own writes
 * too. Values go as query parameters.
 */
export class QueryRunner {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly limits: QueryLimits = DEFAULT_QUERY_LIMITS,
  ) {}

  /** A saved query for one tenant; a parameter it needs and was not given is a 400 naming it. */
  async saved(query: SavedQuery, tenant: string, params: Record<string, unknown>, limit: number): Promise<QueryAnswer> {
    const missing = query.params.filter((p) => params[p.name] === undefined).map((p) => `${p.name} (${p.type})`);
    if (missing.length > 0) throw problem(400, `${query.name} needs ${missing.join(', ')}`);
    const unknown = Object.keys(params).filter((name) => !query.params.some((p) => p.name === name));
    if (unknown.length > 0) throw problem(400, `${query.name} takes no ${unknown.join(', ')} (it takes ${query.params.map((p) => p.name).join(', ') || 'nothing'})`);
    return this.run(query.sql, { ...params, database: this.database, tenant }, limit, query.name);
  }

  /**
   * An analyst's own SELECT, over every tenant's rows (the controller admits admin keys only).
   * ClickHouse parses it first: what runs is its formatter's text of the one statement it read.
   */
  async adHoc(sql: string, params: Record<string, unknown>, limit: number): Promise<QueryAnswer> {
    if ('database' in params) throw problem(400, `params.database is the server's: {database:Identifier} is always ${this.database}`);
    const canonical = await this.canonical(sql);
    const refusal = selectRefusal(canonical);
    if (refusal) throw problem(400, refusal, { type: 'urn:quell:problem:query-refused' });
    return this.run(canonical, { ...params, database: this.database }, limit, 'the query');
  }

  /** The one statement ClickHouse reads in `sql`, formatted; a syntax error or a second statement is a 400 in its words. */
  private async canonical(sql: string): Promise<string> {
    try {
      const result = await this.client.query({ query: 'SELECT formatQuery({sql:String}) AS canonical SETTINGS readonly = 1', query_params: { sql }, format: 'JSONEachRow' });
      const [row] = await result.json<{ canonical: string }>();
      return row.canonical;
    } catch (error) {
      throw this.refusalOf(error, 'the query');
    }
  }

  private async run(sql: string, params: Record<string, unknown>, limit: number, what: string): Promise<QueryAnswer> {
    const { timeoutSeconds, maxMemoryBytes } = this.limits;
    const settings = [
      'readonly = 1',
      `max_execution_time = ${timeoutSeconds}`,
      `max_memory_usage = ${maxMemoryBytes}`,
      `max_result_rows = ${limit + 1}`,
      `max_result_bytes = ${MAX_RESULT_BYTES}`,
      "result_overflow_mode = 'break'",
      'output_format_json_quote_64bit_integers = 0',
    ];
    try {
      const result = await this.client.query({ query: `${sql}\nSETTINGS ${settings.join(', ')}`, query_params: params, format: 'JSONEachRow' });
      const rows = await result.json<Record<string, unknown>>();
      return { rows: rows.slice(0, limit), truncated: rows.length > limit };
    } catch (error) {
      throw this.refusalOf(error, what);
    }
  }

  /** The engine's own words (a syntax error, a value of the wrong type, a limit): the caller's to fix. */
  private refusalOf(error: unknown, what: string): ProblemException {
    const engine = error as { message?: string; type?: string };
    // Not the engine's answer (the client closed, a bug): a 500, not the caller's fault.
    if (!(error instanceof Error) || typeof engine.type !== 'string') throw error;
    const reason = error.message.split('\n')[0].trim();
    if (engine.type === 'TIMEOUT_EXCEEDED') {
      const detail = `${what} ran past its ${this.limits.timeoutSeconds} s limit and was stopped (narrow it: a shorter time range, a tenant, an index column)`;
      return problem(504, detail, { type: 'urn:quell:problem:query-timeout' });
    }
    return problem(400, `${what} failed: ${reason}`, { type: 'urn:quell:problem:query-failed', extensions: { engineError: engine.type } });
  }
}
