import { correlationAlertLine, detectionHitLine, type BacktestSummary } from '@quell/rules';
import { QuellApiClient } from './api-client';

/** What the all-in-one calls the rule text of a request in its errors (its INLINE_RULE_FILE). */
export const INLINE_RULE_FILE = '(request body).yml';

/** The all-in-one's answer to POST /v1/backtests (times as ISO text, events as the contract has them). */
export interface ServerBacktest extends Omit<BacktestSummary, 'sample'> {
  ruleId: string;
  range: string | null;
  from: string;
  to: string;
  tenant: string;
  sample: { time: number; id: string; host: { name: string | null } | null; user: { name: string } | null; tenant: string }[];
  limits: { maxEvents: number; timeoutMs: number };
}

/** A backtest run by the all-in-one over the history it holds: the rule file's text goes in the body. */
export class BacktestClient extends QuellApiClient {
  run(body: { rule: string; from: number; to: number }): Promise<ServerBacktest> {
    return this.call('POST', '/v1/backtests', { json: body }) as Promise<ServerBacktest>;
  }
}

/** The answer as `quell rules backtest` prints it locally: hits (the server's sample), correlation alerts, the summary. */
export function serverBacktestLines(answer: ServerBacktest, url: string): string[] {
  const hits = answer.sample.map((event) => detectionHitLine(event, answer.ruleId));
  const shown = answer.matches > answer.sample.length ? ` (the first ${answer.sample.length} of ${answer.matches} matching events shown)` : '';
  return [...hits, ...answer.correlationAlerts.map(correlationAlertLine), `would raise ${answer.alerts} alerts from ${answer.eventsScanned} events${shown}, run by ${url}`];
}
