export const DEDUP_STORE = Symbol('DEDUP_STORE');

export interface DedupObservation {
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** True when this observation opened a new window for the fingerprint. */
  isNew: boolean;
}

export interface DedupStore {
  /**
   * Records one occurrence of `fingerprint` at `at`. An `occurrenceId` already counted in the
   * current window is not counted again, so a redelivered alert leaves the count unchanged.
   * The window closes `windowMs` after the last occurrence.
   */
  observe(fingerprint: string, occurrenceId: string, at: number, windowMs: number): Promise<DedupObservation>;
}
