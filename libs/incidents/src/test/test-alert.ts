import { emptyIncidentParts, type Alert, type Incident } from '@quell/contracts';

/** 2026-11-25 (a Wednesday) 10:00 UTC: inside default business hours. */
export const WEDNESDAY_10_UTC = Date.UTC(2026, 10, 25, 10, 0);

export function testAlert(id: string, overrides: Partial<Alert> & { level?: string } = {}): Alert {
  const { level = 'medium', ...rest } = overrides;
  return {
    id, tenant: 'acme', rule: { id: `rule-${id}`, title: `Rule ${id}`, version: '1', level, author: 'Quell', tags: [] },
    kind: 'detection', entities: [{ type: 'host', value: 'web-1' }], fingerprint: `fp-${id}`, firstSeen: WEDNESDAY_10_UTC, lastSeen: WEDNESDAY_10_UTC,
    eventCount: 1, sampleEventIds: [], tactics: [], techniques: [], killChainPhase: null, explanation: null, details: {},
    suppression: { state: 'none', changeId: null, reason: null }, dedup: null,
    ...rest,
  };
}

export function testIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1', tenant: 'acme', title: 'Test incident', status: 'open', severity: 'medium', priority: 3, services: [],
    entities: [{ type: 'host', value: 'web-1' }], alertIds: ['a1'], alertCount: 1, firstSeen: WEDNESDAY_10_UTC, lastSeen: WEDNESDAY_10_UTC,
    killChainPhases: [], relatedChangeIds: [], assignee: null, timeline: [], ...emptyIncidentParts(), timelineDropped: 0, version: 1,
    ...overrides,
  };
}
