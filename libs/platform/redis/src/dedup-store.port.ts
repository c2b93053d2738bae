export const DEDUP_STORE = Symbol('DEDUP_STORE');

export interface DedupObservation {
  /** Distinct occurrences counted in the current window. */
  count: number;
  /** Earliest and latest `at` among the window's occurrences. */
  firstSeen: number;
  lastSeen: number;
  /** True when this observation opened a new window for the fingerprint. */
  isNew: boolean;
}

/**
 * Dedup state shared by every replica of a stage (Redis), or held by one process (in memory).
 * Both implementations pass the same contract tests (test/dedup-store.contract.ts).
 */
export interface DedupStore {
  /**
   * Records one occurrence of `fingerprint` at `at`. An `occurrenceId` (e.g. the alert id) already
   * counted in the current window is not counted again, so a redelivered alert leaves the count
   * unchanged. The window closes `windowMs` after its latest counted occurrence was recorded (by the
   * store's clock); the next occurrence then opens a new window.
   */
  observe(fingerprint: string, occurrenceId: string, at: number, windowMs: number): Promise<DedupObservation>;

  /** Marks `key` as done for `ttlMs`; true for the first caller, false if it already was (idempotent effects). */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
}

/** Durations become Redis PEXPIRE/PX arguments, which must be positive whole milliseconds. */
export function assertDuration(name: string, ms: number): void {
  if (!Number.isInteger(ms) || ms <= 0) throw new RangeError(`${name} must be a positive whole number of milliseconds, got ${ms}`);
}
