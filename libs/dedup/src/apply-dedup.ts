import type { Alert } from '@quell/contracts';

export interface Occurrences {
  count: number;
  firstSeen: number;
}

/** Marks an alert with how often its fingerprint has been seen in the current dedup window. */
export function withDedup(alert: Alert, seen: Occurrences): Alert {
  return { ...alert, dedup: { count: seen.count, firstSeen: seen.firstSeen } };
}
