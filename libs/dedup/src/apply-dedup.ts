import type { Alert } from '@quell/contracts';
import type { DedupObservation } from './dedup-window';

/** Set in an alert's details while its fingerprint flaps (the alert stands for the whole flapping episode). */
export const FLAPPING_DETAIL = 'dedup.flapping';

/**
 * The alert as the deduper publishes it: under its episode's alert id (a repeat is an update of the
 * first alert, not a new one), with the episode's count and first and last sightings.
 */
export function dedupedAlert(alert: Alert, seen: DedupObservation, fingerprint = alert.fingerprint): Alert {
  const details = seen.flapping ? { ...alert.details, [FLAPPING_DETAIL]: 'true' } : alert.details;
  return {
    ...alert,
    id: seen.alertId,
    fingerprint,
    firstSeen: Math.min(alert.firstSeen, seen.firstSeen),
    lastSeen: Math.max(alert.lastSeen, seen.lastSeen),
    details,
    dedup: { count: seen.count, firstSeen: seen.firstSeen },
  };
}
