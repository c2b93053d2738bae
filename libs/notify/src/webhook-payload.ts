import type { Incident } from '@quell/contracts';

/** The generic webhook body: the incident as it stands, plus what happened to it. */
export function webhookPayload(incident: Incident, event: 'incident.opened' | 'incident.updated') {
  return {
    event,
    incident: {
      id: incident.id,
      tenant: incident.tenant,
      title: incident.title,
      status: incident.status,
      severity: incident.severity,
      priority: incident.priority,
      alertCount: incident.alertCount,
      entities: incident.entities,
      firstSeen: new Date(incident.firstSeen).toISOString(),
      lastSeen: new Date(incident.lastSeen).toISOString(),
      version: incident.version,
    },
  };
}

/** Only an incident's first version pages people for now; routing rules come with the notifier issue. */
export function notificationFor(incident: Incident): 'incident.opened' | null {
  return incident.version === 1 ? 'incident.opened' : null;
}

/** Idempotency key of one notification: the receiver and Quell's own log dedupe on it. */
export function notificationKey(incident: Incident, event: string): string {
  return `${incident.id}:${incident.version}:${event}`;
}
