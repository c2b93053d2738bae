/** Sigma's levels, used for list and indicator severities. */
export const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** IP covers single addresses and CIDR networks; hashes are MD5, SHA-1 or SHA-256. */
export type IndicatorKind = 'ip' | 'domain' | 'hash' | 'user';

export interface Indicator {
  kind: IndicatorKind;
  /**
   * Normalized value: canonical address, or network/prefix for a CIDR; lower-case ASCII domain,
   * written `*.name` when it also covers every subdomain; lower-case hex hash; lower-case user.
   */
  value: string;
  description?: string;
  severity?: Severity;
  source?: string;
  /** Id of the STIX indicator object it came from. */
  stixId?: string;
  /** Epoch ms from which an event matches (STIX `valid_from`, included), judged by the event's time. */
  validFrom?: number;
  /** Epoch ms from which an event no longer matches (STIX `valid_until`, excluded). */
  validUntil?: number;
}

/** Whether an event at `time` falls within the indicator's validity (always, without one). */
export function validAt(indicator: Pick<Indicator, 'validFrom' | 'validUntil'>, time: number): boolean {
  return (indicator.validFrom === undefined || time >= indicator.validFrom) && (indicator.validUntil === undefined || time < indicator.validUntil);
}

/** An entry that could not be used, and why; the rest of the list still loads. */
export interface EntryError {
  /** 1-based line in the file (CSV). */
  line?: number;
  /** Position in the JSON array or STIX `objects`, from 0. */
  index?: number;
  reason: string;
}

/** STIX indicators left out on purpose, not errors. */
export interface SkippedCounts {
  revoked: number;
  expired: number;
}

export interface Watchlist {
  name: string;
  description?: string;
  /** Default severity of its indicators (an indicator's own wins). */
  severity?: Severity;
  indicators: Indicator[];
  errors: EntryError[];
  skipped: SkippedCounts;
  /**
   * Why the file as a whole cannot be a list (not JSON, no kind of value declared …): set with the
   * same reason in `errors`. A reader keeps the list's last good version rather than an empty one.
   */
  fileError?: string;
}

export function emptySkipped(): SkippedCounts {
  return { revoked: 0, expired: 0 };
}

export function severityOf(text: string): Severity | undefined {
  const lower = text.trim().toLowerCase();
  if (lower === 'info') return 'informational';
  return (SEVERITIES as readonly string[]).includes(lower) ? (lower as Severity) : undefined;
}
