import { parseArgs } from 'node:util';
import { MappingPipelineError, useMappingPipelineDirs } from '@quell/rules';
import { rulesCheck, type RulesIo } from './rules-check';
import { rulesTest } from './rules-test';
import { rulesBacktest, type BacktestIo } from './rules-backtest';
import { parseCliTime } from './rules-backtest-time';

export const RULES_USAGE = `usage: quell rules check [--json] <path…>
  Loads every Sigma rule file (.yml) under the paths with the correlator's checks across files (ids and names
  unique, correlation references resolvable, no cycles); prints one line per rejected file, then "loaded N, rejected M".
  --json  prints one document instead: {"loaded":N,"rejected":M,"errors":[{"file","line","reason"}]}
  exit codes: 0 all loaded, 2 some rejected, 1 usage error
usage: quell rules test --rule <file> --events <file> [--filters <path>]… [--rules-dir <dir>] [--pipelines <dir>]… [--json]
  Prints the events of the file that the rule matches, then "matched K of N events". A correlation rule runs with
  the rules it references (from the file or --rules-dir) over the events in event-time order: it prints the events
  those rules matched, one line per correlation alert (episode, group, value, first/last seen), then
  "matched K of N events" where K counts the events that fed the correlation.
  --filters (repeatable): Sigma global filter files, or directories of them (.yml/.yaml); the filters naming the
  rule apply as in the correlator, and one line per filter says how many events it excluded. A filter that is
  invalid or names a rule the rule file does not hold is reported (file:line: reason) and left out.
  --pipelines (repeatable): folders of your own Sigma mapping pipelines (as the correlator's RULES_PIPELINE_DIRS),
  read before the shipped ones; a bad pipeline file is reported (file: key: reason) and nothing runs.
  --json: one document {"matched","events","matches":[events],"filters":[{"id","title","file","line","excluded"}]}, or
  "alerts":[{"correlationId","episodeId","group","value","count","first","last",…}] for a correlation; errors stay on stderr.
  exit codes: 0 rule and filters loaded, 2 rule rejected (nothing runs) or a filter left out, 1 usage error
usage: quell rules backtest --rule <file> [--rules-dir <dir>] [--pipelines <dir>]… --from <time> --to <time> [--tenant T] [--json]
       [--server <url>] [--api-key-file <file|->]
  Runs a detection rule, or a correlation with the rules it references (from the file or --rules-dir), over the
  ClickHouse event history from --from (included) to --to (excluded), in event-time order; prints each detection
  hit (time, event id, host, user) and each correlation alert (episode, group, value, first/last seen), then
  "would raise K alerts from N events". Times: ISO 8601 (UTC unless an offset is given), now, or -90s, -30m, -24h, -7d, -2w.
  History: CLICKHOUSE_URL when set, else the embedded engine's CLICKHOUSE_DATA_DIR (default .quell-data/clickhouse,
  not while the all-in-one holds it); database CLICKHOUSE_DATABASE (default quell).
  Through an all-in-one: with --server <url>, or when a running all-in-one holds the data directory (then at QUELL_URL,
  default http://127.0.0.1:8080), the all-in-one runs the rule file over its history (POST /v1/backtests) for the
  tenant of the key (QUELL_API_KEY or --api-key-file); its rules resolve the references (not --rules-dir), it prints
  the first 10 matching events, and it stops at 100,000 events or 10 s, saying so.
  --json: one document {"ruleId","from","to","tenant","eventsScanned","matches","alerts","sample":[events],
  "correlationAlerts":[…],"stoppedBy"}.
  exit codes: 0 ran, 2 rule rejected, 1 usage error or history unreadable`;

/** The options each subcommand reads: any other is a usage error rather than silently ignored. */
const OPTIONS_OF: Readonly<Record<string, readonly string[]>> = {
  check: ['json'],
  test: ['rule', 'events', 'filters', 'rules-dir', 'pipelines', 'json'],
  backtest: ['rule', 'rules-dir', 'from', 'to', 'tenant', 'page-size', 'pipelines', 'json', 'server', 'api-key-file'],
};

/** Runs `quell rules <sub> …`; returns the exit code. */
export async function runRulesCommand(args: string[], io: BacktestIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(RULES_USAGE);
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({
      args: withRelativeTimes(rest),
      allowPositionals: true,
      options: {
        rule: { type: 'string' },
        events: { type: 'string' },
        filters: { type: 'string', multiple: true },
        'rules-dir': { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        tenant: { type: 'string' },
        'page-size': { type: 'string' },
        pipelines: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        server: { type: 'string' },
        'api-key-file': { type: 'string' },
      },
    });
    const foreign = sub in OPTIONS_OF ? Object.keys(values).find((option) => !OPTIONS_OF[sub].includes(option)) : undefined;
    if (foreign) return usage(io, `rules ${sub} does not take --${foreign}`);
    if (values.pipelines) {
      try {
        useMappingPipelineDirs(values.pipelines);
      } catch (error) {
        if (!(error instanceof MappingPipelineError)) throw error;
        io.err(`quell: ${error.message}`);
        return 2;
      }
    }
    if (sub === 'check') {
      if (positionals.length === 0) return usage(io, 'rules check needs at least one path');
      return await rulesCheck(positionals, io, values.json);
    }
    if (sub === 'test') {
      if (values.filters && positionals.length > 0) return usage(io, `--filters takes one path at a time (--filters a --filters b); "${positionals[0]}" is extra`);
      if (!values.rule || !values.events || positionals.length > 0) return usage(io, 'rules test needs --rule <file> and --events <file>');
      return await rulesTest({ rule: values.rule, events: values.events, filters: values.filters, rulesDir: values['rules-dir'], now: io.now(), json: values.json }, io);
    }
    if (sub === 'backtest') {
      if (!values.rule || !values.from || !values.to || positionals.length > 0) return usage(io, 'rules backtest needs --rule <file>, --from <time> and --to <time>');
      const now = io.now();
      const from = parseCliTime(values.from, now);
      const to = parseCliTime(values.to, now);
      if (from === undefined || to === undefined) return usage(io, `cannot read the time "${from === undefined ? values.from : values.to}"`);
      if (from >= to) return usage(io, '--from must be before --to');
      const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size']);
      if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 100_000)) return usage(io, '--page-size must be an integer from 1 to 100000');
      return await rulesBacktest(
        { rule: values.rule, rulesDir: values['rules-dir'], from, to, tenant: values.tenant, pageSize, json: values.json, server: values.server, apiKeyFile: values['api-key-file'] },
        io,
      );
    }
    return usage(io, sub ? `unknown rules command "${sub}"` : 'rules needs check, test or backtest');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) return usage(io, (error as Error).message);
    // A file that cannot be read: the command line was right, so one line without the usage.
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      io.err(`quell: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
}

/** `--from -24h` as `--from=-24h`: parseArgs takes a value starting with a dash for an option otherwise. */
function withRelativeTimes(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if ((args[i] === '--from' || args[i] === '--to') && /^-\d/.test(args[i + 1] ?? '')) out.push(`${args[i]}=${args[++i]}`);
    else out.push(args[i]);
  }
  return out;
}

function usage(io: RulesIo, reason: string): number {
  io.err(`quell: ${reason}`);
  io.err(RULES_USAGE);
  return 1;
}
