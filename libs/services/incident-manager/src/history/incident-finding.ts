import type { Alert, Incident } from '@quell/contracts';
import { toOcsfIncidentFinding } from '@quell/incidents';

/** Quell's version as OCSF metadata.product.version; a spec keeps it equal to package.json's. */
export const QUELL_VERSION = '0.1.0';

/**
 * OCSF requires an assignee or an assignee group: an incident nobody owns yet is reported as owned
 * by the triage queue, under this name.
 */
export const TRIAGE_GROUP = 'triage';

/**
 * One incident version as OCSF Incident Finding JSON bytes. Everything comes from the version and
 * its alerts, the time included (its latest timeline entry), so a replayed version is published as
 * the same bytes.
 */
export function incidentFindingBytes(incident: Incident, alerts: readonly Alert[]): Buffer {
  const finding = toOcsfIncidentFinding({
    incident,
    alerts,
    time: incident.timeline.at(-1)?.at ?? incident.lastSeen,
    productVersion: QUELL_VERSION,
    unassignedGroup: TRIAGE_GROUP,
  });
  return Buffer.from(JSON.stringify(finding));
}
