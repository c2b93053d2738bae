import type { RateRule } from './anomaly-rule';
import { buildRateAlert, type AnomalyAlert } from './anomaly-alert';
import { decideRate, type BaselineStats } from './rate-decision';
import { baselineWindows, type TimeWindow } from './rate-windows';

/** One entity's counts, as the history port computes them for a rule and a window. */
export interface RateRow {
  tenant: string;
  entity: string;
  observed: number;
  /**
   * Samples and their statistics. A baseline window counts as a sample when the tenant has any
   * history in it (then an entity absent from it counted 0); a window before history began, or
   * while ingestion was down, is left out rather than read as a zero.
   */
  baseline: BaselineStats;
  /** Index, into the requested baseline windows, of each sample, in the same order. */
  sampleWindows: number[];
  firstSeen: number;
  lastSeen: number;
  sampleEventIds: string[];
}

/**
 * The history port. Implementations may leave out entities below `threshold.minObserved`
 * (they cannot alert) but must return every other entity seen in the window.
 */
export interface RateHistory {
  rateRows(rule: RateRule, window: TimeWindow, baseline: readonly TimeWindow[]): Promise<RateRow[]>;
}

/** Evaluates one rate rule over one window: a row per entity in, an alert per anomalous entity out. */
export async function evaluateRateRule(rule: RateRule, window: TimeWindow, history: RateHistory): Promise<AnomalyAlert[]> {
  const requested = baselineWindows(window, rule.baseline);
  const rows = await history.rateRows(rule, window, requested);
  const alerts: AnomalyAlert[] = [];
  for (const row of rows) {
    const decision = decideRate(rule.threshold, row.observed, row.baseline);
    if (decision.verdict !== 'anomalous') continue;
    alerts.push(
      buildRateAlert({
        rule,
        tenant: row.tenant,
        entity: row.entity,
        window,
        baselineWindows: row.sampleWindows.map((i) => requested[i]),
        baselineSamples: row.baseline.samples,
        requestedWindows: requested.length,
        decision,
        evidence: { firstSeen: row.firstSeen, lastSeen: row.lastSeen, sampleEventIds: row.sampleEventIds },
      }),
    );
  }
  return alerts;
}
