import { derivedId, type Alert, type Entity, type Event } from '@quell/contracts';

export interface BuiltinRule {
  id: string;
  title: string;
  level: 'informational' | 'low' | 'medium' | 'high' | 'critical';
  author: string;
  tactics: string[];
  techniques: string[];
  matches(event: Event): boolean;
}

/** The rule the walking skeleton ships: a failed logon. Sigma rules replace this (correlator issue). */
export const BUILTIN_RULES: readonly BuiltinRule[] = [
  {
    id: 'quell.builtin.failed-authentication',
    title: 'Failed authentication',
    level: 'medium',
    author: 'Quell',
    tactics: ['credential-access'],
    techniques: ['T1110'],
    matches: (event) => event.className === 'authentication' && event.outcome === 'failure',
  },
];

export function entitiesOf(event: Event): Entity[] {
  const entities: Entity[] = [];
  if (event.host?.name) entities.push({ type: 'host', value: event.host.name });
  if (event.user?.name) entities.push({ type: 'user', value: event.user.name });
  if (event.src?.ip) entities.push({ type: 'ip', value: event.src.ip });
  return entities;
}

/**
 * Fingerprint of what an alert is about: same tenant, rule and entities → same fingerprint,
 * whatever the event. The deduper and incident grouping key on it.
 */
export function fingerprintOf(tenant: string, ruleId: string, entities: readonly Entity[]): string {
  const key = entities.map((e) => `${e.type}=${e.value}`).sort();
  return derivedId(tenant, ruleId, ...key);
}

/** Detection alerts for one event; the alert id derives from rule and event so replays repeat it. */
export function evaluateBuiltinRules(event: Event, rules: readonly BuiltinRule[] = BUILTIN_RULES): Alert[] {
  return rules
    .filter((rule) => rule.matches(event))
    .map((rule) => {
      const entities = entitiesOf(event);
      return {
        id: derivedId('alert', rule.id, event.id),
        tenant: event.tenant,
        rule: { id: rule.id, title: rule.title, version: '1', level: rule.level, author: rule.author, tags: [] },
        kind: 'detection',
        entities,
        fingerprint: fingerprintOf(event.tenant, rule.id, entities),
        firstSeen: event.time,
        lastSeen: event.time,
        eventCount: 1,
        sampleEventIds: [event.id],
        tactics: rule.tactics,
        techniques: rule.techniques,
        killChainPhase: rule.tactics[0] ?? null,
        explanation: null,
        details: {},
        suppression: { state: 'none', changeId: null, reason: null },
        dedup: null,
      };
    });
}
