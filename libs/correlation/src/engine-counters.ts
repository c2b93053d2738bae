/** Per-correlation reasons a match did not count, for metrics. */
export interface CorrelationCounters {
  /** The match lacked a group-by field (DESIGN.md: it does not count). */
  missingGroupBy: number;
  /** The match lacked the condition's field, or (value_sum, value_avg) it was not a number. */
  missingValue: number;
  /** The same match (time and id) was fed twice, e.g. replayed after a restore. */
  duplicates: number;
  /** Oldest matches dropped because a group reached maxEntriesPerGroup. */
  droppedByCap: number;
}

export interface EngineCounters {
  matches: number;
  /** Counted though older than a match already seen (within the allowed lateness). */
  late: number;
  /** Refused: older than the newest event time minus the allowed lateness. */
  tooLate: number;
  evicted: number;
  perCorrelation: Record<string, CorrelationCounters>;
}

export function emptyCorrelationCounters(): CorrelationCounters {
  return { missingGroupBy: 0, missingValue: 0, duplicates: 0, droppedByCap: 0 };
}
