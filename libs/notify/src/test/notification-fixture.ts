import { emptyIncidentParts, type Incident } from '@quell/contracts';
import { notificationMessage, type IncidentTransition, type NotificationMessage } from '../notification-message';

export const incident: Incident = {
  id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', tenant: 'acme', title: 'Brute force then successful login on web-1', status: 'open',
  severity: 'high', priority: 1, services: ['payments'],
  entities: [{ type: 'host', value: 'web-1' }, { type: 'ip', value: '203.0.113.7' }, { type: 'user', value: 'alice' }],
  alertIds: ['a1', 'a2'], alertCount: 2,
  firstSeen: Date.parse('2026-11-28T02:00:00Z'), lastSeen: Date.parse('2026-11-28T02:05:00Z'), killChainPhases: ['exploitation'],
  relatedChangeIds: [], assignee: null,
  timeline: [{ at: Date.parse('2026-11-28T02:05:00Z'), actor: 'quell', action: 'prioritized', detail: 'P1 because: high rule (+4), critical service payments (×2), after hours (+1)' }],
  ...emptyIncidentParts(),
  priorityFactors: [
    { id: 'severity', label: 'high rule', op: '+', weight: 4, contribution: 4 },
    { id: 'service-criticality', label: 'critical service payments', op: '×', weight: 2, contribution: 4 },
  ],
  priorityReason: 'P1 because: high rule (+4), critical service payments (×2), after hours (+1)',
  relatedChanges: [
    { changeId: 'CHG0012345', title: 'Rotate web-1 certificates', ticket: 'CHG0012345', owner: 'netops', relation: 'scope', entity: 'host:web-1', leadMs: 240_000, summary: 'started 4 min after CHG0012345 on web-1' },
  ],
  timelineDropped: 0, version: 3,
};

export function message(transition: IncidentTransition = 'opened', overrides: Partial<Incident> = {}): NotificationMessage {
  return notificationMessage({
    incident: { ...incident, ...overrides },
    transition,
    rules: [{ id: '5a1b2c3d-0000-4000-8000-000000000001', title: 'Successful login after brute force', author: 'Florian Roth (Nextron Systems)' }],
    incidentUrlTemplate: 'https://quell.example.com/console',
  });
}
