import type { Baseline } from './anomaly-rule';
import { WEEK_MS } from './duration';
import { zoneOffsetMs } from './time-zone';

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
 * The windows an entity's baseline is read from, most recent first: the same stretch of the week in
 * each previous week (the same wall-clock time in the rule's time zone; UTC without one), or the
 * intervals right before.
 */
export function baselineWindows(window: TimeWindow, baseline: Baseline): TimeWindow[] {
  const length = window.to - window.from;
  if (baseline.kind === 'rolling') {
    return Array.from({ length: baseline.intervals }, (_, i) => ({ from: window.from - (i + 1) * length, to: window.to - (i + 1) * length }));
  }
  const zone = baseline.timeZone;
  return Array.from({ length: baseline.weeks }, (_, i) => {
    const from = window.from - (i + 1) * WEEK_MS;
    // Across a daylight-saving change the same wall-clock time is an hour earlier or later in UTC.
    const shift = zone ? zoneOffsetMs(zone, window.from) - zoneOffsetMs(zone, from) : 0;
    return { from: from + shift, to: from + shift + length };
  });
}
