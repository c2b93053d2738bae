import { ConfigError } from '@quell/platform-config';
import { createClickHouseClient } from '@quell/platform-clickhouse';
import { EventHistoryRepository } from '@quell/platform-event-history';
import type { RulesIo } from './rules-check';
import { loadBacktestConfig } from './rules-backtest-config';
import { backtestRulesOf } from './rules-backtest-rules';
import { BacktestRun } from '@quell/rules';

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
}

export interface BacktestIo extends RulesIo {
  now(): number;
  /** The environment holding the CLICKHOUSE_* keys (the process's when absent). */
  env?: NodeJS.ProcessEnv;
}

/**
 * `quell rules backtest`: runs a detection rule, or a correlation with the rules it references,
 * over the event history of a time range and prints what it would have raised, then
 * `would raise K alerts from N events`. Exit 0 when it ran, 2 when the rule is rejected, 1 when the
 * history cannot be read (or the configuration is wrong).
 */
export async function rulesBacktest(options: RulesBacktestOptions, io: BacktestIo): Promise<number> {
  const { rules, errors } = await backtestRulesOf(options.rule, options.rulesDir);
  for (const e of errors) io.err(`${e.file}:${e.line}: ${e.reason}`);
  if (!rules) return 2;

  let config;
  try {
    config = loadBacktestConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`quell: ${error.message}`);
    return 1;
  }
  const where = config.CLICKHOUSE_URL ? new URL(config.CLICKHOUSE_URL).origin : `the embedded engine at ${config.CLICKHOUSE_DATA_DIR}`;
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
    // The embedded engine allows one process per directory: a running all-in-one holds it.
    if ((error as Error).name !== 'ChdbConnectionError') throw error;
    io.err(`quell: cannot open ${where}: another process (a running all-in-one?) holds it; stop it, or set CLICKHOUSE_URL to a ClickHouse server`);
    return 1;
  }
  const run = new BacktestRun(rules, io.now, io);
  try {
    const range = { from: options.from, to: options.to, tenant: options.tenant };
    const history = new EventHistoryRepository(client, config.CLICKHOUSE_DATABASE);
    for await (const page of history.pages(range, options.pageSize ?? 5_000)) run.feed(page);
  } catch (error) {
    io.err(`quell: the event history could not be read from ${where}: ${(error as Error).message.split('\n')[0]}`);
    return 1;
  } finally {
    await client.close();
  }
  run.finish();
  return 0;
}
