import type { Alert } from '@quell/contracts';
import type { RelatedChange } from '@quell/calendar';

/** Alert details prefix of the related changes (the Alert contract's details map; no new schema version). */
export const RELATED_DETAIL = 'change.related';

/**
 * The alert with its related changes in `details` (DESIGN.md "Related changes"), closest first;
 * unchanged when there are none. The keys (the incident manager reads them into Incident
 * `relatedChanges`; the Alert contract's details map, no new schema version):
 * - `change.related.ids`: the ids, comma-separated, closest first;
 * - `change.related.<rank>.` (rank from 1): `id`, `title`, `ticketRef` and `owner` (when known),
 *   `kind` (the change's, or `config_change`), `relation` (`covers`: the approved change covering
 *   the alert, which is then annotated; `scope`: its scope names the alert's entities;
 *   `config_change`: an edit seen on the alert's host, whose `id` is the event id and `owner` the
 *   actor), `entity` (e.g. `host:fw-01`), `start` and `end` (ISO 8601; equal for an edit),
 *   `gapMs` (how long before the alert it ended, 0 while open), `leadMs` (how long before the alert
 *   it started), `match` (host, ip, host-glob, cidr, service, tag) and `summary` (a sentence);
 * - `change.related.summary`: the closest one's sentence, e.g. "started 4 min after CHG0031
 *   (Firewall maintenance) ended, on fw-01".
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
    details[`${at}.leadMs`] = String(Math.max(0, alert.firstSeen - r.start));
    details[`${at}.match`] = r.match;
    details[`${at}.kind`] = r.change.kind;
    details[`${at}.relation`] = r.relation;
    if (r.entity) details[`${at}.entity`] = r.entity;
    details[`${at}.summary`] = summaryOf(alert, r);
  });
  details[`${RELATED_DETAIL}.summary`] = details[`${RELATED_DETAIL}.1.summary`];
  return { ...alert, details };
}

function summaryOf(alert: Alert, related: RelatedChange): string {
  const { change } = related;
  const host = related.entity?.startsWith('host:') ? related.entity.slice('host:'.length) : alert.entities.find((e) => e.type === 'host')?.value;
  const on = host ? `, on ${host}` : '';
  if (related.relation === 'config_change') return `started ${related.gapMs === 0 ? 'at the time of' : `${durationText(related.gapMs)} after`} a ${change.title}${on}`;
  const name = change.ticketRef ? `${change.ticketRef} (${change.title})` : `"${change.title}"`;
  if (related.relation === 'covers') return `covered by ${name}${on}`;
  if (related.gapMs === 0) return `started during ${name}${on}`;
  return `started ${durationText(related.gapMs)} after ${name} ended${on}`;
}

function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}
