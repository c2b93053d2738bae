import { emptyIncidentParts, type Alert, type Entity, type Incident, type TimelineEntry } from '@quell/contracts';
import type { IncidentHistory } from '../incident-history.port';

export const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);
const MINUTE = 60_000;
const host = (value: string): Entity => ({ type: 'host', value });
const ip = (value: string): Entity => ({ type: 'ip', value });
const user = (value: string): Entity => ({ type: 'user', value });

function alert(id: string, ruleId: string, techniques: string[], entities: Entity[], overrides: Partial<Alert> = {}): Alert {
  return {
    id,
    tenant: 'acme',
    rule: { id: ruleId, title: `Rule ${ruleId}`, version: '1', level: 'high', author: 'SigmaHQ', tags: techniques.map((t) => `attack.${t.toLowerCase()}`) },
    kind: 'detection',
    entities,
    fingerprint: `fp-${id}`,
    firstSeen: T0,
    lastSeen: T0 + MINUTE,
    eventCount: 5,
    sampleEventIds: [`${id}-e1`],
    tactics: ['credential-access'],
    techniques,
    killChainPhase: 'exploitation',
    explanation: null,
    details: { 'correlation.type': 'event_count' },
    suppression: { state: 'none', changeId: null, reason: null },
    dedup: { count: 1, firstSeen: T0 },
    ...overrides,
  };
}

/** The alerts of the seed: a brute force then a logon on web-1 (the new incident) and older look-alikes. */
export const ALERTS = {
  bruteWeb1: alert('a1', 'brute', ['T1110.001'], [host('web-1'), ip('203.0.113.5')]),
  logonWeb1: alert('a2', 'logon-after-brute', ['T1078'], [host('web-1'), user('alice')], { firstSeen: T0 + 2 * MINUTE, lastSeen: T0 + 2 * MINUTE }),
  lsassDb1: alert('a3', 'lsass-dump', ['T1003.001'], [host('db-1')]),
  bruteWeb9: alert('a4', 'brute', ['T1110.001'], [host('web-9'), ip('203.0.113.5')]),
  bruteAlice: alert('a5', 'brute', ['T1110.001'], [host('web-1'), user('alice')]),
  firewallChange: alert('a6', 'fw-change', [], [host('fw-1')], {
    kind: 'change',
    suppression: { state: 'suppressed', changeId: 'CHG-9', reason: 'approved change CHG-9 covers fw-1' },
  }),
};

const opened = (at: number): TimelineEntry => ({ at, actor: 'system:incident-manager', action: 'created', detail: null });

function incident(id: string, version: number, alerts: Alert[], overrides: Partial<Incident> = {}): Incident {
  const entities = [...new Map(alerts.flatMap((a) => a.entities).map((e) => [`${e.type}:${e.value}`, e])).values()];
  return {
    id,
    tenant: 'acme',
    title: `Incident ${id}`,
    status: 'open',
    severity: 'high',
    priority: 2,
    services: [],
    entities,
    alertIds: alerts.map((a) => a.id),
    alertCount: alerts.length,
    firstSeen: Math.min(...alerts.map((a) => a.firstSeen)),
    lastSeen: Math.max(...alerts.map((a) => a.lastSeen)),
    killChainPhases: ['exploitation'],
    relatedChangeIds: [],
    assignee: null,
    timeline: [opened(T0)],
    ...emptyIncidentParts(),
    timelineDropped: 0,
    version,
    ...overrides,
  };
}

const resolvedBy = (at: number, detail: string): TimelineEntry => ({ at, actor: 'bob', action: 'resolved', detail });

/** Incident versions of the seed, in the order the incident manager would publish them. */
export const INCIDENTS = {
  // The new incident the similarity query is asked about.
  currentV1: incident('i1', 1, [ALERTS.bruteWeb1]),
  currentV2: incident('i1', 2, [ALERTS.bruteWeb1, ALERTS.logonWeb1]),
  // Resolved two hours after it began: shares the rule, the technique and the source address.
  pentest: incident('p1', 2, [ALERTS.bruteWeb9], { status: 'resolved', timeline: [opened(T0), resolvedBy(T0 + 120 * MINUTE, 'false_positive: pentest')] }),
  // Resolved after 30 minutes, then closed: shares rule, technique, host and user.
  reset: incident('p4', 3, [ALERTS.bruteAlice], {
    status: 'closed',
    timeline: [opened(T0), resolvedBy(T0 + 30 * MINUTE, 'true_positive: password reset'), { at: T0 + 40 * MINUTE, actor: 'bob', action: 'closed', detail: null }],
  }),
  resetV1: incident('p4', 1, [ALERTS.bruteAlice]),
  // Resolved but unrelated, and related but still open: neither is similar.
  lsass: incident('p2', 2, [ALERTS.lsassDb1], { status: 'resolved', timeline: [opened(T0), resolvedBy(T0 + 10 * MINUTE, 'true_positive')] }),
  stillOpen: incident('p3', 1, [ALERTS.bruteWeb9]),
};

/** A later state of the brute-force alert: the deduper folded six repeats into it. */
export const BRUTE_REPEATED: Alert = { ...ALERTS.bruteWeb1, lastSeen: T0 + 9 * MINUTE, eventCount: 40, dedup: { count: 7, firstSeen: T0 } };

/** Records the seed as the incident manager would: alerts first, then the incident versions naming them. */
export async function recordSeed(history: IncidentHistory): Promise<void> {
  await history.recordAlerts(Object.values(ALERTS), T0);
  const { currentV1, currentV2, pentest, reset, resetV1, lsass, stillOpen } = INCIDENTS;
  await history.recordIncidents([currentV1, resetV1, pentest, lsass, stillOpen], T0);
  await history.recordIncidents([currentV2, reset], T0 + MINUTE);
}
