import { derivedId, type Alert, type Event } from '@quell/contracts';
import { entitiesOf, fingerprintOf, type SigmaDetectionRule } from '@quell/rules';
import { refOf } from '../rules/correlator-rules';

/**
 * The alert of one detection rule's hit on one event. Its id derives from tenant, rule and event,
 * so a replayed event repeats the same alert instead of raising another. The rule's author and
 * tags travel with it (the SigmaHQ licence asks for authors to be credited).
 */
export function detectionAlertOf(rule: SigmaDetectionRule, event: Event): Alert {
  const ruleId = refOf(rule).ruleId;
  const entities = entitiesOf(event);
  const where = event.host?.name ? ` on ${event.host.name}` : '';
  const details: Record<string, string> = { 'event.id': event.id, 'event.class': event.className, 'rule.file': rule.file, 'rule.line': String(rule.line) };
  if (rule.status) details['rule.status'] = rule.status;
  if (typeof rule.detection['condition'] === 'string') details['rule.condition'] = rule.detection['condition'];
  return {
    id: derivedId('detection', event.tenant, ruleId, event.id),
    tenant: event.tenant,
    rule: { id: ruleId, title: rule.title, version: null, level: rule.level ?? 'medium', author: rule.author, tags: [...rule.tags] },
    kind: 'detection',
    entities,
    fingerprint: fingerprintOf(event.tenant, ruleId, entities),
    firstSeen: event.time,
    lastSeen: event.time,
    eventCount: 1,
    sampleEventIds: [event.id],
    tactics: [...rule.tactics],
    techniques: [...rule.techniques],
    killChainPhase: rule.tactics[0] ?? null,
    explanation: `Sigma rule "${rule.title}" matched ${event.className} event ${event.id}${where}`,
    details,
    suppression: { state: 'none', changeId: null, reason: null },
    dedup: null,
  };
}
