import { emptyIncidentParts, type Incident } from '@quell/contracts';
import { notificationFor, notificationKey, webhookPayload } from './webhook-payload';

const incident: Incident = {
  id: 'inc-1', tenant: 'acme', title: 'Failed authentication', status: 'open', severity: 'medium', priority: 3,
  services: [], entities: [{ type: 'host', value: 'web-1' }], alertIds: ['a1'], alertCount: 1,
  firstSeen: Date.parse('2026-11-28T10:00:00Z'), lastSeen: Date.parse('2026-11-28T10:05:00Z'), killChainPhases: [],
  relatedChangeIds: [], assignee: null, timeline: [], ...emptyIncidentParts(), timelineDropped: 0, version: 1,
};

describe('webhook notifications', () => {
  it('notify an incident once, when it opens', () => {
    expect(notificationFor(incident)).toBe('incident.opened');
    expect(notificationFor({ ...incident, version: 2 })).toBeNull();
  });

  it('carry a stable idempotency key and the incident as it stands', () => {
    expect(notificationKey(incident, 'incident.opened')).toBe('inc-1:1:incident.opened');
    expect(webhookPayload(incident, 'incident.opened')).toMatchObject({
      event: 'incident.opened',
      incident: { id: 'inc-1', severity: 'medium', firstSeen: '2026-11-28T10:00:00.000Z', version: 1 },
    });
  });
});
