import { resolve } from 'node:path';
import { ConfigError } from '@quell/platform-config';
import { createClickHouseClient } from '@quell/platform-clickhouse';
import { EventHistoryRepository, type HistoryRange } from '@quell/platform-event-history';
import { stateFileHeld } from '@quell/platform-state';
import { BacktestRun, summarizeBacktest, type BacktestRules } from '@quell/rules';
import type { RulesIo } from './rules-check';
import { apiFailureExit, apiKeyOf, DEFAULT_SERVER_URL, urlOf } from './api-options';
import { loadBacktestConfig } from './rules-backtest-config';
import { backtestRulesOf } from './rules-backtest-rules';
import { BacktestClient, INLINE_RULE_FILE, serverBacktestLines } from './rules-backtest-server';

export interface RulesBacktestOptions {
  rule: string;
  rulesDir?: string;
  /** Epoch ms, included. */
  from: number;
  /** Epoch ms, excluded. */
  to: number;
  tenant?: string;
  /** Events read per query (default 5,000). */
  pageSize?: number;
  /** One document (the shape POST /v1/backtests answers) instead of lines. */
  json?: boolean;
  /** Run it on this all-in-one (--server) instead of opening the history here. */
  server?: string;
  /** --api-key-file, for the server. */
  apiKeyFile?: string;
}

export interface BacktestIo extends RulesIo {
  now(): number;
  /** The environment holding the CLICKHOUSE_* keys, QUELL_URL and QUELL_API_KEY (the process's when absent). */
  env?: NodeJS.ProcessEnv;
}

const BACKTEST_USAGE = 'see quell rules --help';

/**
 * `quell rules backtest`: runs a detection rule, or a correlation with the rules it references,
 * over the event history of a time range and prints what it would have raised, then
 * `would raise K alerts from N events`. The history is opened here, unless --server names an
 * all-in-one or a running one holds the embedded engine's directory (one process per directory):
 * then that all-in-one runs it (POST /v1/backtests, QUELL_URL or http://127.0.0.1:8080, QUELL_API_KEY).
 * Exit 0 when it ran, 2 when the rule is rejected (or the server refuses), 1 when the history
 * cannot be read (or the configuration is wrong).
 */
export async function rulesBacktest(options: RulesBacktestOptions, io: BacktestIo): Promise<number> {
  const env = io.env ?? process.env;
  if (options.server) return backtestOnServer(options, options.server, io);
  const { rules, ruleIds, errors } = await backtestRulesOf(options.rule, options.rulesDir);
  for (const e of errors) io.err(`${e.file}:${e.line}: ${e.reason}`);
  if (!rules) return 2;

  let config;
  try {
    config = loadBacktestConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`quell: ${error.message}`);
    return 1;
  }
  const where = config.CLICKHOUSE_URL ? new URL(config.CLICKHOUSE_URL).origin : `the embedded engine at ${config.CLICKHOUSE_DATA_DIR}`;
  // The embedded engine allows one process per directory: a running all-in-one holds it, so it runs the backtest.
  const held = () => {
    const url = env['QUELL_URL'] ?? DEFAULT_SERVER_URL;
    if (options.apiKeyFile === undefined && !env['QUELL_API_KEY']) {
      io.err(`quell: cannot open ${where}: another process (a running all-in-one?) holds it; set QUELL_API_KEY (or --api-key-file) to run the backtest on the all-in-one at ${url} (QUELL_URL or --server), stop it, or set CLICKHOUSE_URL to a ClickHouse server`);
      return 1;
    }
    return backtestOnServer(options, url, io);
  };
  // A running all-in-one keeps its state file beside the directory (`<dir>.state.sqlite`) locked: asked before the engine opens, which would say so on stderr itself.
  if (!config.CLICKHOUSE_URL && stateFileHeld(`${resolve(config.CLICKHOUSE_DATA_DIR)}.state.sqlite`)) return held();
  let client: ReturnType<typeof createClickHouseClient>;
  try {
    client = createClickHouseClient({
      url: config.CLICKHOUSE_URL,
      username: config.CLICKHOUSE_USER,
      password: config.CLICKHOUSE_PASSWORD,
      database: config.CLICKHOUSE_DATABASE,
      dataDir: config.CLICKHOUSE_DATA_DIR,
    });
  } catch (error) {
    // Held by a process that keeps no state file beside it.
    if ((error as Error).name !== 'ChdbConnectionError') throw error;
    return held();
  }
  try {
    const range = { from: options.from, to: options.to, tenant: options.tenant };
    const history = new EventHistoryRepository(client, config.CLICKHOUSE_DATABASE);
    if (options.json) io.out(JSON.stringify(await localDocument(rules, (ruleIds ?? []).join(', '), history, range, options.pageSize, io.now)));
    else {
      const run = new BacktestRun(rules, io.now, io);
      for await (const page of history.pages(range, options.pageSize ?? 5_000)) run.feed(page);
      run.finish();
    }
  } catch (error) {
    io.err(`quell: the event history could not be read from ${where}: ${(error as Error).message.split('\n')[0]}`);
    return 1;
  } finally {
    await client.close();
  }
  return 0;
}

/** --json over the local history: the document the server answers, without its limits. */
async function localDocument(rules: BacktestRules, ruleId: string, history: EventHistoryRepository, range: HistoryRange, pageSize: number | undefined, now: () => number) {
  const summary = await summarizeBacktest(rules, history.pages(range, pageSize ?? 5_000), { maxEvents: Number.POSITIVE_INFINITY, timeoutMs: Number.POSITIVE_INFINITY, now });
  return { ruleId, range: null, from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString(), tenant: range.tenant ?? null, ...summary };
}

/**
 * The backtest on an all-in-one, over the history it holds, for its key's tenant: the rule file's
 * text is sent (references resolve against the server's rules, not --rules-dir).
 */
async function backtestOnServer(options: RulesBacktestOptions, server: string, io: BacktestIo): Promise<number> {
  const env = io.env ?? process.env;
  try {
    const url = urlOf({ url: server }, { env });
    const key = await apiKeyOf({ 'api-key-file': options.apiKeyFile }, { read: io.read, env });
    const answer = await new BacktestClient(url, key).run({ rule: await io.read(options.rule), from: options.from, to: options.to });
    if (options.tenant !== undefined && answer.tenant !== options.tenant) {
      io.err(`quell: the key is tenant ${answer.tenant}'s: the server backtests only its key's tenant, not ${options.tenant}`);
      return 1;
    }
    if (answer.stoppedBy) {
      const limit = answer.stoppedBy === 'timeout' ? `${answer.limits.timeoutMs} ms` : `${answer.limits.maxEvents} events`;
      io.err(`quell: the server stopped after ${answer.eventsScanned} events (its limit of ${limit}); the counts cover those`);
    }
    if (options.json) io.out(JSON.stringify(answer));
    else for (const line of serverBacktestLines(answer, url)) io.out(line);
    return 0;
  } catch (error) {
    // The server names the rule text as a file of its own: say the user's file instead.
    const named = error instanceof Error ? Object.assign(error, { message: error.message.replaceAll(INLINE_RULE_FILE, options.rule) }) : error;
    return apiFailureExit(named, io, BACKTEST_USAGE, ` (is the all-in-one running at ${server}?)`);
  }
}
