import { parseArgs } from 'node:util';
import type { Output } from '../normalize-command';
import { ApiRefusal, QuellApiClient } from './api-client';
import { apiFailureExit, apiKeyOf, DEFAULT_SERVER_URL, urlOf, UsageError, type ApiIo } from './api-options';

export const QUERY_USAGE = `usage: quell query [<name> [--param name=value]… [--limit N]] [--url <url>] [--api-key-file <file|->] [--json]
  Runs a saved investigation query (docs/investigations.md) on a running all-in-one, for your key's tenant, over
  the ClickHouse it holds: prints each row as one JSON line (--json: the whole answer, {"rows","truncated"}).
  Without a name, lists the queries and the parameters each takes. An Array parameter takes a,b,c.
  Server: --url or QUELL_URL (default ${DEFAULT_SERVER_URL}); key: QUELL_API_KEY or --api-key-file.
  exit codes: 0 ran, 2 refused by the server (the reason on stderr), 1 usage error or server unreachable`;

interface SavedQueryInfo {
  name: string;
  title: string;
  params: { name: string; type: string }[];
}

class QueriesClient extends QuellApiClient {
  list(): Promise<{ items: SavedQueryInfo[] }> {
    return this.call('GET', '/v1/queries') as Promise<{ items: SavedQueryInfo[] }>;
  }

  run(name: string, params: Record<string, unknown>, limit: number | undefined): Promise<{ rows: unknown[]; truncated: boolean }> {
    return this.call('POST', `/v1/queries/${encodeURIComponent(name)}`, { json: { params, limit } }) as Promise<{ rows: unknown[]; truncated: boolean }>;
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
    const { items } = await client.list();
    const [name] = positionals;
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
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--param takes name=value, not "${pair}"`);
    const name = pair.slice(0, at);
    const value = pair.slice(at + 1);
    const type = query.params.find((p) => p.name === name)?.type ?? 'String';
    params[name] = type.startsWith('Array(') ? value.split(',') : /^U?Int|^Float/.test(type) ? Number(value) : value;
  }
  return params;
}
