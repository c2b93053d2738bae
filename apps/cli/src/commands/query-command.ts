import { parseArgs } from 'node:util';
import type { Output } from '../normalize-command';
import { ApiRefusal, ApiUnavailable, QuellApiClient } from './api-client';
import { tableLines } from './changes/change-text';
import { apiFailureExit, apiKeyOf, DEFAULT_SERVER_URL, urlOf, UsageError, type ApiIo } from './api-options';

export const QUERY_USAGE = `usage: quell query [<name> | "<SELECT …>"] [--param name=value]… [--limit N] [--url <url>] [--api-key-file <file|->] [--json]
  Runs a saved investigation query (docs/investigations.md) on a running all-in-one, for your key's tenant, over
  the ClickHouse it holds: prints each row as one JSON line (--json: the whole answer, {"rows","truncated"}).
  Without a name, lists the queries and the parameters each takes. An Array parameter takes a,b,c.
  A statement instead of a name runs as ad-hoc SQL (an admin key: it reads every tenant): one read-only SELECT,
  values as {name:Type} placeholders set with --param (as ClickHouse reads them: an Array is ['a','b']),
  {database:Identifier} is Quell's database; prints a table (--json: {"rows","truncated"}).
  Server: --url or QUELL_URL (default ${DEFAULT_SERVER_URL}); key: QUELL_API_KEY or --api-key-file.
  exit codes: 0 ran, 2 refused by the server or the query stopped at its time limit (the reason on stderr),
  1 usage error or server unreachable`;

interface QueryAnswer {
  rows: Record<string, unknown>[];
  truncated: boolean;
}

// A saved query's name is a slug; anything else (spaces, brackets, quotes) is a statement.
const SAVED_NAME = /^[a-z0-9-]+$/;

interface SavedQueryInfo {
  name: string;
  title: string;
  params: { name: string; type: string }[];
}

class QueriesClient extends QuellApiClient {
  list(): Promise<{ items: SavedQueryInfo[] }> {
    return this.call('GET', '/v1/queries') as Promise<{ items: SavedQueryInfo[] }>;
  }

  run(name: string, params: Record<string, unknown>, limit: number | undefined): Promise<QueryAnswer> {
    return this.call('POST', `/v1/queries/${encodeURIComponent(name)}`, { json: { params, limit } }) as Promise<QueryAnswer>;
  }

  sql(sql: string, params: Record<string, string>, limit: number | undefined): Promise<QueryAnswer> {
    return this.call('POST', '/v1/queries/sql', { json: { sql, params, limit } }) as Promise<QueryAnswer>;
  }
}

/** Runs `quell query …`; returns the exit code. */
export async function runQueryCommand(args: string[], io: ApiIo & Output): Promise<number> {
  if (args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    io.out(QUERY_USAGE);
    return 0;
  }
  try {
    const { values, positionals } = parseOptions(args);
    if (positionals.length > 1) throw new UsageError(`one query at a time; "${positionals[1]}" is extra`);
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 10_000)) throw new UsageError('--limit must be an integer from 1 to 10000');
    const client = new QueriesClient(urlOf(values, io), await apiKeyOf(values, io));
    const [name] = positionals;
    if (name !== undefined && !SAVED_NAME.test(name)) {
      const answer = await client.sql(name, sqlParamsOf(values.param ?? []), limit);
      if (values.json) io.out(JSON.stringify(answer));
      else printTable(answer, io);
      return 0;
    }
    const { items } = await client.list();
    if (name === undefined) {
      if (values.json) io.out(JSON.stringify({ items }));
      else for (const query of items) io.out(`${query.name}  ${query.params.map((p) => `${p.name}=<${p.type}>`).join(' ')}  — ${query.title}`);
      return 0;
    }
    const query = items.find((q) => q.name === name);
    if (!query) throw new ApiRefusal(404, `no saved query "${name}" (quell query lists them)`);
    const answer = await client.run(name, paramsOf(values.param ?? [], query), limit);
    if (values.json) io.out(JSON.stringify(answer));
    else {
      for (const row of answer.rows) io.out(JSON.stringify(row));
      if (answer.truncated) io.err(`quell: the answer stopped at ${answer.rows.length} rows (--limit)`);
    }
    return 0;
  } catch (error) {
    // A query stopped at its time limit (504) is the server's answer, not a server that is down.
    if (error instanceof ApiUnavailable && / 504 /.test(error.message)) return apiFailureExit(new ApiRefusal(504, error.message), io, QUERY_USAGE);
    return apiFailureExit(error, io, QUERY_USAGE, ' (is the all-in-one running? npm start)');
  }
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: { param: { type: 'string', multiple: true }, limit: { type: 'string' }, url: { type: 'string' }, 'api-key-file': { type: 'string' }, json: { type: 'boolean' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `--param name=value` as the query's parameter types want it: numbers for UInt, a list for Array. */
function paramsOf(pairs: readonly string[], query: SavedQueryInfo): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(sqlParamsOf(pairs))) {
    const type = query.params.find((p) => p.name === name)?.type ?? 'String';
    params[name] = type.startsWith('Array(') ? value.split(',') : /^U?Int|^Float/.test(type) ? Number(value) : value;
  }
  return params;
}

/** `--param name=value` as text: ClickHouse reads each into its placeholder's type. */
function sqlParamsOf(pairs: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--param takes name=value, not "${pair}"`);
    params[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return params;
}

/** The rows as columns under their names, for a person; strings as they are, other values as JSON. */
function printTable(answer: QueryAnswer, io: ApiIo & Output): void {
  if (answer.rows.length === 0) {
    io.out('no rows');
    return;
  }
  const columns = Object.keys(answer.rows[0]);
  const cell = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? '')).replace(/[\r\n\t]+/g, ' ');
  for (const line of tableLines([columns, ...answer.rows.map((row) => columns.map((column) => cell(row[column])))])) io.out(line);
  io.err(`quell: ${answer.rows.length} row${answer.rows.length === 1 ? '' : 's'}${answer.truncated ? ', stopped at the limit (--limit)' : ''}`);
}
