import { derivedId, type Alert, type Entity, type Event } from '@quell/contracts';
import { IntelHit } from './watchlist-index';

const ENTITY_TYPES: Record<IntelHit['kind'], string> = { ip: 'ip', domain: 'domain', hash: 'hash', user: 'user' };

/** The event's own entities (host, user, source address), then the matched value and the indicator. */
function entitiesOf(event: Event, hit: IntelHit): Entity[] {
  const entities: Entity[] = [];
  const add = (type: string, value: string | null | undefined) => {
    if (value && !entities.some((e) => e.type === type && e.value === value)) entities.push({ type, value });
  };
  add('host', event.host?.name?.toLowerCase());
  add('user', event.user?.name?.toLowerCase());
  add('ip', event.src?.ip);
  add(ENTITY_TYPES[hit.kind], hit.value);
  add('indicator', hit.indicator);
  return entities;
}

/** Rule id of a watchlist's alerts. */
export function intelRuleId(list: string): string {
  return `intel:${list}`;
}

/** Human-readable account of the hit, for the alert's explanation. */
export function explainIntelHit(hit: IntelHit): string {
  const what = hit.indicator === hit.value ? `${hit.kind} ${hit.value}` : `${hit.kind} ${hit.value} (indicator ${hit.indicator})`;
  const about = hit.description ? `: ${hit.description}` : '';
  return `${what} in field ${hit.field} is on watchlist ${hit.list}${about}`;
}

/** Key/value details of the hit, for the alert's details map. */
export function intelHitDetails(hit: IntelHit): Record<string, string> {
  return {
    'intel.list': hit.list,
    'intel.indicator': hit.indicator,
    'intel.kind': hit.kind,
    'intel.field': hit.field,
    'intel.value': hit.value,
    ...(hit.stixId ? { 'intel.stix_id': hit.stixId } : {}),
    ...(hit.description ? { 'intel.description': hit.description } : {}),
    ...(hit.source ? { 'intel.source': hit.source } : {}),
  };
}

/**
 * The alert a watchlist hit raises: kind `intel`, rule `intel:<list>`, level from the indicator or
 * list (high by default). The id derives from event, list and indicator, so a replayed event (or
 * the same indicator found in two fields of it) yields the same alert; the fingerprint from list,
 * indicator and entities, so repeats fold in the deduper.
 */
export function intelAlertOf(event: Event, hit: IntelHit): Alert {
  const ruleId = intelRuleId(hit.list);
  const entities = entitiesOf(event, hit);
  const alert: Alert = {
    id: derivedId('intel', event.id, hit.list, hit.indicator),
    tenant: event.tenant,
    rule: { id: ruleId, title: `Watchlist match: ${hit.list}`, version: null, level: hit.severity ?? 'high', author: hit.source ?? null, tags: [] },
    kind: 'intel',
    entities,
    fingerprint: derivedId(event.tenant, ruleId, hit.indicator, ...entities.map((e) => `${e.type}=${e.value}`).sort()),
    firstSeen: event.time,
    lastSeen: event.time,
    eventCount: 1,
    sampleEventIds: [event.id],
    tactics: [],
    techniques: [],
    killChainPhase: null,
    explanation: explainIntelHit(hit),
    details: intelHitDetails(hit),
    suppression: { state: 'none', changeId: null, reason: null },
    dedup: null,
  };
  return alert;
}
