import type { Event } from '@quell/contracts';
import type { BacktestRules } from './backtest-rules';
import { BacktestRun, type CorrelationAlertSummary } from './backtest-run';

export interface BacktestLimits {
  /** Events read at most; the scan stops there (`stoppedBy: 'max-events'`). */
  maxEvents: number;
  /** Time the scan may take, checked between pages (`stoppedBy: 'timeout'`). */
  timeoutMs: number;
  /** Matching events kept in `sample` (default 10). */
  sampleSize?: number;
  /** The clock of correlation windows and of the timeout (default Date.now). */
  now?: () => number;
}

/** What a backtest found, as an API answers it. */
export interface BacktestSummary {
  eventsScanned: number;
  /** Events some rule of the run matched. */
  matches: number;
  /** Alerts the rules would have raised (detection hits that alert on their own, correlation episodes). */
  alerts: number;
  /** The first matching events, in event-time order. */
  sample: Event[];
  correlationAlerts: CorrelationAlertSummary[];
  /** Why the scan ended before the end of the range; null when it read all of it. */
  stoppedBy: 'max-events' | 'timeout' | null;
}

const SILENT = { out: () => undefined };

/**
 * Runs `rules` over history pages (in event-time order) within `limits`, so that a backtest asked
 * for over HTTP cannot hold its server: the read stops at `maxEvents` or once `timeoutMs` passed.
 */
export async function summarizeBacktest(rules: BacktestRules, pages: AsyncIterable<readonly Event[]>, limits: BacktestLimits): Promise<BacktestSummary> {
  const now = limits.now ?? Date.now;
  const deadline = now() + limits.timeoutMs;
  const sample: Event[] = [];
  const sampleSize = limits.sampleSize ?? 10;
  const run = new BacktestRun(rules, now, SILENT, { showEvent: (event) => sample.length < sampleSize && sample.push(event) });
  let stoppedBy: BacktestSummary['stoppedBy'] = null;
  for await (const page of pages) {
    const room = limits.maxEvents - run.counts.events;
    run.feed(page.length > room ? page.slice(0, room) : page);
    if (page.length > room) stoppedBy = 'max-events';
    else if (now() >= deadline) stoppedBy = 'timeout';
    if (stoppedBy) break;
  }
  const alerts = run.finish();
  return { eventsScanned: run.counts.events, matches: run.counts.matched, alerts, sample, correlationAlerts: run.correlationAlerts(), stoppedBy };
}
