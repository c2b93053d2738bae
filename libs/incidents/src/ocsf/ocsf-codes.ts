/**
 * Quell's words for severity, priority, status and resolution as OCSF 1.7.0 enum ids
 * (Incident Finding, class 2005). Anything Quell does not know maps to 0 Unknown or 99 Other,
 * never to a guess.
 */

export const OCSF_VERSION = '1.7.0';

const SEVERITY_ID: Record<string, number> = { info: 1, informational: 1, low: 2, medium: 3, high: 4, critical: 5 };

/** OCSF severity_id: 1 Informational … 5 Critical, 0 Unknown. */
export function severityId(severity: string): number {
  return SEVERITY_ID[severity.toLowerCase()] ?? 0;
}

/**
 * OCSF priority_id has four levels (1 Low … 4 Critical) where Quell has five (P1 page now … P5
 * backlog): P1 → Critical, P2 → High, P3 → Medium, P4 and P5 → Low. The exact P is kept in `priority`.
 */
export function priorityId(priority: number): number {
  if (priority <= 1) return 4;
  if (priority === 2) return 3;
  if (priority === 3) return 2;
  return 1;
}

/** OCSF incident status_id: 1 New, 2 In Progress, 4 Resolved, 5 Closed (3 On Hold is unused), 99 Other. */
export function statusId(status: string, assigned: boolean): number {
  switch (status) {
    case 'open':
      return assigned ? 2 : 1;
    case 'acknowledged':
      return 2;
    case 'resolved':
      return 4;
    case 'closed':
      return 5;
    default:
      return 99;
  }
}

/** OCSF activity_id: 3 Close once the incident is closed, 1 Create for its first version, else 2 Update. */
export function activityId(status: string, version: number): number {
  if (status === 'closed') return 3;
  return version <= 1 ? 1 : 2;
}

const VERDICT_ID: Record<string, number> = {
  false_positive: 1,
  true_positive: 2,
  disregard: 3,
  suspicious: 4,
  benign: 5,
  expected_change: 5,
  test: 6,
  insufficient_data: 7,
  security_risk: 8,
  managed_externally: 9,
  duplicate: 10,
};

/** OCSF verdict_id from a resolution code; 99 Other (the code kept in `verdict`) for one OCSF lacks. */
export function verdictId(resolution: string): number {
  return VERDICT_ID[resolution] ?? 99;
}

const OBSERVABLE_TYPE_ID: Record<string, number> = {
  host: 1,
  ip: 2,
  mac: 3,
  user: 4,
  email: 5,
  url: 6,
  file: 7,
  hash: 8,
  process: 9,
};

/** OCSF observable type_id for a Quell entity type (hostname 1, IP 2, user name 4 …), 99 Other. */
export function observableTypeId(entityType: string): number {
  return OBSERVABLE_TYPE_ID[entityType] ?? 99;
}

const IMPACT_ID: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/** OCSF impact_id (1 Low … 4 Critical) from the business criticality behind the priority; 0 Unknown. */
export function impactId(criticality: string): number {
  return IMPACT_ID[criticality] ?? 0;
}

/** OCSF ticket type_id 2 External: every ticket Quell links lives in another tool (Jira, ServiceNow …). */
export const TICKET_TYPE_EXTERNAL = 2;
