import type { Event } from '@quell/contracts';
import { toEcsJson } from '../ecs-json';
import type { RulesIo } from './rules-check';
import type { RulesTestReport } from './rules-test';
import { backtestRulesOf } from './rules-backtest-rules';
import { BacktestRun } from '@quell/rules';

export interface CorrelationTestOptions {
  rule: string;
  /** Where the detection rules the correlation references live, when not in the rule file itself. */
  rulesDir?: string;
  now: number;
  json?: boolean;
}

/**
 * `quell rules test` on a correlation: the events, in event-time order, through the correlation and
 * every rule it reaches (as the correlator's windows would see them, one engine per tenant). Prints
 * each event a referenced rule matched, one line per correlation alert (one per episode), then
 * `matched K of N events` where K counts the events that fed the correlation.
 */
export async function rulesTestCorrelation(options: CorrelationTestOptions, events: readonly Event[], io: RulesIo): Promise<number> {
  const { rules, errors } = await backtestRulesOf(options.rule, options.rulesDir);
  for (const e of errors) io.err(`${e.file}:${e.line}: ${e.reason}`);
  if (!rules) return 2;
  // Array.prototype.sort is stable: events of the same time keep the file's order.
  const inTimeOrder = [...events].sort((a, b) => a.time - b.time);
  const matches: Record<string, unknown>[] = [];
  const showEvent = (event: Event) => (options.json ? matches.push(toEcsJson(event)) : io.out(JSON.stringify(toEcsJson(event))));
  const run = new BacktestRun(rules, () => options.now, io, { showEvent });
  run.feed(inTimeOrder);
  if (options.json) {
    io.out(JSON.stringify({ ...run.counts, matches, alerts: run.correlationAlerts() } satisfies RulesTestReport));
    return 0;
  }
  run.printCorrelationAlerts();
  io.out(`matched ${run.counts.matched} of ${run.counts.events} events`);
  return 0;
}
