import { derivedId, type Alert } from '@quell/contracts';
import type { FreezeFinding } from '@quell/calendar';
import { FREEZE_CHANGE_RULE } from './governance-alert';

/**
 * The governance alert of an approved change found inside a freeze window through one of the alerts
 * it covers (DESIGN.md "Unapproved change": high severity even when approved). Once per (change,
 * freeze): its id and fingerprint derive from both, so the next alert of the same change, a
 * redelivered batch or a replay publish the same alert, which the deduper folds into one.
 * It goes to the screened topic annotated with the change, as the config_change path does.
 */
export function freezeFindingAlertOf(alert: Alert, finding: FreezeFinding): Alert {
  const { change, freeze } = finding;
  const id = derivedId('change-governance', alert.tenant, FREEZE_CHANGE_RULE, change.id, freeze.id);
  const details: Record<string, string> = {
    'change.reason': finding.reason,
    'change.cover.id': change.id,
    'change.cover.title': change.title,
    'change.freeze.id': freeze.id,
    'change.freeze.title': freeze.title,
    'alert.id': alert.id,
    'alert.rule.id': alert.rule.id,
  };
  if (change.owner) details['change.cover.owner'] = change.owner;
  if (change.ticketRef) details['change.cover.ticketRef'] = change.ticketRef;
  return {
    id,
    tenant: alert.tenant,
    rule: { id: FREEZE_CHANGE_RULE, title: 'Approved change inside a freeze window', version: null, level: finding.severity, author: null, tags: [] },
    kind: 'change',
    entities: alert.entities,
    fingerprint: id,
    firstSeen: alert.firstSeen,
    lastSeen: alert.firstSeen,
    eventCount: 1,
    sampleEventIds: alert.sampleEventIds,
    tactics: [],
    techniques: [],
    killChainPhase: null,
    explanation: `Alert "${alert.rule.title}" fell under ${change.ticketRef ?? change.id} "${change.title}"${change.owner ? ` (owner ${change.owner})` : ''}, an approved change made inside freeze "${freeze.title}"`,
    details,
    suppression: { state: 'annotated', changeId: change.id, reason: finding.reason },
    dedup: null,
  };
}
