import type { Alert } from '@quell/contracts';
import type { RelatedChange } from '@quell/calendar';

/** Alert details prefix of the related changes (the Alert contract's details map; no new schema version). */
export const RELATED_DETAIL = 'change.related';

/**
 * The alert with its related changes in `details` (DESIGN.md "Related changes"): the ids closest
 * first under `change.related.ids`, each one's facts under `change.related.<rank>.*`, and a sentence
 * for the incident, e.g. "started 4 min after CHG0031 (Firewall maintenance) ended, on fw-01".
 * Unchanged when there are none.
 */
export function withRelatedChanges(alert: Alert, related: readonly RelatedChange[]): Alert {
  if (related.length === 0) return alert;
  const details: Record<string, string> = { ...alert.details, [`${RELATED_DETAIL}.ids`]: related.map((r) => r.change.id).join(',') };
  related.forEach((r, index) => {
    const at = `${RELATED_DETAIL}.${index + 1}`;
    details[`${at}.id`] = r.change.id;
    details[`${at}.title`] = r.change.title;
    if (r.change.ticketRef) details[`${at}.ticketRef`] = r.change.ticketRef;
    if (r.change.owner) details[`${at}.owner`] = r.change.owner;
    details[`${at}.start`] = new Date(r.start).toISOString();
    details[`${at}.end`] = new Date(r.end).toISOString();
    details[`${at}.gapMs`] = String(r.gapMs);
    details[`${at}.match`] = r.match;
  });
  details[`${RELATED_DETAIL}.summary`] = summaryOf(alert, related[0]);
  return { ...alert, details };
}

function summaryOf(alert: Alert, closest: RelatedChange): string {
  const name = closest.change.ticketRef ? `${closest.change.ticketRef} (${closest.change.title})` : `"${closest.change.title}"`;
  const host = alert.entities.find((e) => e.type === 'host')?.value;
  const on = host ? `, on ${host}` : '';
  if (closest.gapMs === 0) return `started during ${name}${on}`;
  return `started ${durationText(closest.gapMs)} after ${name} ended${on}`;
}

function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}
