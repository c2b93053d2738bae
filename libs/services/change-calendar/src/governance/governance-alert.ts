import { derivedId, type Alert, type Entity, type Event } from '@quell/contracts';
import type { ConfigChangeFinding, ConfigChangeVerdict } from '@quell/calendar';

/** Rule ids of the calendar's own alerts (kind `change`). */
export const UNAPPROVED_CHANGE_RULE = 'quell.change.unapproved';
export const FREEZE_CHANGE_RULE = 'quell.change.freeze';

/**
 * The governance alert of a config_change event the calendar found wrong (DESIGN.md "Unapproved
 * change"), or null when an approved change covers it outside any freeze. Its id derives from the
 * event, so a redelivered or replayed event publishes the same alert id.
 * An alert in a freeze is `annotated` with the covering change when one exists (the incident
 * manager reads that as "change made during a freeze"); an unapproved one has no covering change.
 */
export function governanceAlertOf(event: Event, verdict: ConfigChangeVerdict): Alert | null {
  const finding = verdict.finding;
  if (!finding) return null;
  const inFreeze = verdict.freezes.length > 0;
  const ruleId = inFreeze ? FREEZE_CHANGE_RULE : UNAPPROVED_CHANGE_RULE;
  const host = hostOf(event);
  const actor = actorOf(event);
  const entities = entitiesOf(event, host);
  const nearest = finding.nearest;
  const nearestText = nearest
    ? `; nearest change ${nearest.change.ticketRef ?? nearest.change.id} "${nearest.change.title}" ${nearest.distanceMs === 0 ? 'open at that time' : `${Math.round(nearest.distanceMs / 60_000)} min away`}`
    : '; no change names this host within a day';
  const what = verdict.cover ? `made under approved change "${verdict.cover.title}" inside freeze "${verdict.freezes[0].title}"` : 'made without an approved change';
  return {
    id: derivedId('change-governance', event.tenant, ruleId, event.id),
    tenant: event.tenant,
    rule: { id: ruleId, title: inFreeze ? 'Configuration change inside a freeze window' : 'Unapproved configuration change', version: null, level: finding.severity, author: null, tags: [] },
    kind: 'change',
    entities,
    // One fingerprint per rule and host, so the deduper folds repeated changes on a device into a count.
    fingerprint: derivedId('change-governance', event.tenant, ruleId, host ?? ''),
    firstSeen: event.time,
    lastSeen: event.time,
    eventCount: 1,
    sampleEventIds: [event.id],
    tactics: [],
    techniques: [],
    killChainPhase: null,
    explanation: `Configuration change (${event.action ?? 'unknown action'}) on ${host ?? 'an unnamed host'} by ${actor ?? 'an unknown actor'} ${what}${nearestText}`,
    details: detailsOf(event, verdict, finding, host, actor),
    suppression: verdict.cover
      ? { state: 'annotated', changeId: verdict.cover.id, reason: finding.reason }
      : { state: 'none', changeId: null, reason: null },
    dedup: null,
  };
}

function detailsOf(event: Event, verdict: ConfigChangeVerdict, finding: ConfigChangeFinding, host: string | null, actor: string | null): Record<string, string> {
  const details: Record<string, string> = { 'event.id': event.id, 'event.class': event.className, 'change.reason': finding.reason };
  if (event.action) details['event.action'] = event.action;
  if (host) details['change.host'] = host;
  if (actor) details['change.actor'] = actor;
  const nearest = finding.nearest;
  if (nearest) {
    details['change.nearest.id'] = nearest.change.id;
    details['change.nearest.title'] = nearest.change.title;
    details['change.nearest.distanceMs'] = String(nearest.distanceMs);
    if (nearest.change.ticketRef) details['change.nearest.ticketRef'] = nearest.change.ticketRef;
  }
  if (verdict.cover) details['change.cover.id'] = verdict.cover.id;
  if (verdict.freezes.length > 0) {
    details['change.freeze.id'] = verdict.freezes[0].id;
    details['change.freeze.title'] = verdict.freezes[0].title;
  }
  return details;
}

/** The device changed: the host, or the firewall that reported its own rule edit. */
export function hostOf(event: Event): string | null {
  return event.host?.name?.toLowerCase() ?? event.observer?.hostname?.toLowerCase() ?? null;
}

/** Who made the change: the user (domain\name when known), else the process. */
export function actorOf(event: Event): string | null {
  if (event.user) return event.user.domain ? `${event.user.domain}\\${event.user.name}` : event.user.name;
  return event.process?.name ?? null;
}

function entitiesOf(event: Event, host: string | null): Entity[] {
  const entities: Entity[] = [];
  if (host) entities.push({ type: 'host', value: host });
  const ip = event.host?.ip ?? event.observer?.ip;
  if (ip) entities.push({ type: 'ip', value: ip });
  if (event.user) entities.push({ type: 'user', value: event.user.name.toLowerCase() });
  if (event.service) entities.push({ type: 'service', value: event.service.toLowerCase() });
  return entities;
}
