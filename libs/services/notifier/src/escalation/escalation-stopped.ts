import type { DocumentRef } from '@quell/platform-state';

/** WARNING: durable; marks an incident's escalation stopped (the incident is no longer open). */
export function escalationStoppedRef(tenant: string, incidentId: string): DocumentRef {
  return { tenant, key: `escalation-stopped:${incidentId}` };
}
