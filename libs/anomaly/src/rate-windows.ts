import type { Baseline } from './anomaly-rule';
import { WEEK_MS } from './duration';

/** A half-open time range [from, to), epoch milliseconds. */
export interface TimeWindow {
  from: number;
  to: number;
}

/**
 * The latest complete interval that ends at or before `now`. Windows align to multiples of the
 * interval since the epoch (UTC), so every replica and every restart picks the same windows,
 * which is what makes the alert ids deterministic.
 */
export function evaluationWindowAt(now: number, intervalMs: number): TimeWindow {
  const to = Math.floor(now / intervalMs) * intervalMs;
  return { from: to - intervalMs, to };
}

/**
 * The windows an entity's baseline is read from, most recent first: the same stretch of the week
 * (UTC, so no daylight-saving shifts) in each previous week, or the intervals right before.
 */
export function baselineWindows(window: TimeWindow, baseline: Baseline): TimeWindow[] {
  const length = window.to - window.from;
  const step = baseline.kind === 'same-hour-of-week' ? WEEK_MS : length;
  const count = baseline.kind === 'same-hour-of-week' ? baseline.weeks : baseline.intervals;
  return Array.from({ length: count }, (_, i) => ({ from: window.from - (i + 1) * step, to: window.to - (i + 1) * step }));
}
