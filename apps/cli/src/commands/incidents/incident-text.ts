import type { Incident } from '@quell/contracts';
import type { IncidentDetail, IncidentSummary } from './incidents.client';

/** Human-readable output of `quell incidents`; `--json` prints the API's documents instead. */

export const LIST_HEADER = ['ID', 'P', 'STATUS', 'SEVERITY', 'ALERTS', 'ASSIGNEE', 'LAST SEEN', 'TITLE'];

export function listRow(incident: IncidentSummary): string[] {
  return [incident.id, `P${incident.priority}`, incident.status, incident.severity, String(incident.alertCount), incident.assignee ?? '-', time(incident.lastSeen), incident.title];
}

export function detailLines({ incident, alerts, sampleEvents, unavailable }: IncidentDetail): string[] {
  return [
    `${incident.id}  ${incident.title}`,
    `  status     ${incident.status}${incident.resolution ? ` (${incident.resolution})` : ''} (version ${incident.version})`,
    `  priority   P${incident.priority}${incident.priorityReason ? `: ${incident.priorityReason}` : ''}`,
    `  severity   ${incident.severity}`,
    `  assignee   ${incident.assignee ?? '-'}`,
    `  seen       ${time(incident.firstSeen)} … ${time(incident.lastSeen)}`,
    `  entities   ${incident.entities.map((e) => `${e.type}:${e.value}`).join(', ') || '-'}`,
    `  alerts     ${incident.alertCount}${alerts.length ? `: ${alerts.map((a) => `${a.rule.title} (${a.id})`).join('; ')}` : ''}`,
    `  events     ${sampleEvents.length} sample(s)`,
    ...Object.entries(incident.tickets).map(([provider, ref]) => `  ticket     ${provider} ${ref}`),
    ...incident.relatedChanges.map((change) => `  change     ${change.summary}`),
    ...(unavailable.length ? [`  (not available now: ${unavailable.join(', ')})`] : []),
    '  timeline',
    ...incident.timeline.map((entry) => `    ${time(entry.at)}  ${entry.actor}  ${entry.action}${entry.detail ? `  ${entry.detail}` : ''}`),
  ];
}

/** One line saying what an action left: `acknowledged inc-1 (version 3)`. */
export function actedLine(incident: Incident): string {
  const last = incident.timeline.at(-1);
  return `${incident.id} ${incident.status}, P${incident.priority}, assignee ${incident.assignee ?? '-'} (version ${incident.version})${last ? `; last: ${last.action} by ${last.actor}` : ''}`;
}

const time = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
