import { evaluationWindowAt, type TimeWindow } from './rate-windows';

export interface DueWindowsInput {
  intervalMs: number;
  now: number;
  /** A window is due once it closed this long ago. */
  settleMs: number;
  /** The `to` of the last window evaluated and published; undefined for a rule never evaluated. */
  evaluatedTo: number | undefined;
  /** How many missed windows before the latest one are still evaluated (0: the latest only). */
  maxCatchUp: number;
}

export interface DueWindows {
  /** The windows to evaluate, oldest first; empty when nothing is due. */
  windows: TimeWindow[];
  /** Missed windows left out because they are older than the catch-up bound. */
  skipped: number;
  /** The progress was not on the interval's grid (the interval changed): restarted at the latest window. */
  realigned: boolean;
}

/**
 * The windows a rate rule should evaluate at `now`. The latest window is the last interval that
 * closed `settleMs` ago. A rule never evaluated starts there (no backfill from the beginning of
 * history); a rule behind by several intervals (downtime, a failed query) catches up from the
 * window after its progress, keeping at most `maxCatchUp` windows before the latest.
 */
export function dueWindows({ intervalMs, now, settleMs, evaluatedTo, maxCatchUp }: DueWindowsInput): DueWindows {
  const latest = evaluationWindowAt(now - settleMs, intervalMs);
  if (evaluatedTo === undefined) return { windows: [latest], skipped: 0, realigned: false };
  if (evaluatedTo >= latest.to) return { windows: [], skipped: 0, realigned: false };
  if (evaluatedTo % intervalMs !== 0) return { windows: [latest], skipped: 0, realigned: true };
  const missed = (latest.to - evaluatedTo) / intervalMs;
  const count = Math.min(missed, maxCatchUp + 1);
  const windows = Array.from({ length: count }, (_, i) => {
    const to = latest.to - (count - 1 - i) * intervalMs;
    return { from: to - intervalMs, to };
  });
  return { windows, skipped: missed - count, realigned: false };
}
