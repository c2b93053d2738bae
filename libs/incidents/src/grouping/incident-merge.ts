import type { Incident, TimelineEntry } from '@quell/contracts';
import { appendAll, INCIDENT_LIMITS, relatedChangeEntries, union, unionEntities } from '../incident-grouping';
import { escalationEntry } from './kill-chain-escalation';
import { TIMELINE_ACTIONS } from '../timeline-actions';
import { withAlertSummary } from './alert-summary';
import { mergeRelatedChanges } from './related-changes-of';
import type { IncidentState } from './incident-state';

/**
 * The incident the others merge into (DESIGN.md "Incidents"): the larger by alert count, then the
 * older, then the smaller id, so every replica picks the same one from the same states.
 */
export function survivorOf<T extends { incident: Incident }>(candidates: readonly T[]): T {
  return [...candidates].sort((a, b) => b.incident.alertCount - a.incident.alertCount || a.incident.firstSeen - b.incident.firstSeen || (a.incident.id < b.incident.id ? -1 : 1))[0];
}

/**
 * `survivor` with `absorbed` merged in: alerts, counts, entities, phases, rules, techniques and
 * related changes, and a `merged` entry. Done again (a retried merge), it adds only what the absorbed
 * incident gained since, and no second entry; null when that is nothing.
 */
export function absorb(survivor: IncidentState, absorbed: IncidentState, now: number, by?: string): IncidentState | null {
  const into = survivor.incident;
  const from = absorbed.incident;
  const prior = survivor.absorbed[from.id];
  const listed = new Set(into.alertIds);
  const unlisted = from.alertCount - from.alertIds.length;
  const addedAlerts = from.alertIds.filter((id) => !listed.has(id)).length + Math.max(0, unlisted - (prior?.unlisted ?? 0));
  // Occurrences of alerts the survivor already holds (a race in which both got them) are not counted twice.
  const shared = absorbed.alerts.filter((alert) => listed.has(alert.id)).reduce((sum, alert) => sum + Math.max(1, alert.dedup?.count ?? 1), 0);
  const addedOccurrences = prior ? Math.max(0, from.occurrenceCount - prior.occurrenceCount) : Math.max(0, from.occurrenceCount - shared);
  const later = from.lastSeen > into.lastSeen || from.firstSeen < into.firstSeen;
  if (prior && addedAlerts === 0 && addedOccurrences === 0 && !later) return null;
  const killChainPhases = union(into.killChainPhases, from.killChainPhases, Number.MAX_SAFE_INTEGER);
  const relatedChanges = mergeRelatedChanges(into.relatedChanges, from.relatedChanges);
  // People's work on the absorbed incident carries over: its acknowledgement (both are open) and its assignee, when the survivor has none.
  const status = into.status === 'open' && from.status === 'acknowledged' ? 'acknowledged' : into.status;
  const assignee = into.assignee ?? from.assignee;
  const carried = [status !== into.status ? 'acknowledged' : '', assignee !== into.assignee ? `assigned to ${assignee}` : ''].filter(Boolean).join(', ');
  const detail = `absorbed incident ${from.id} (${from.alertCount} alert${from.alertCount === 1 ? '' : 's'})${carried ? `; kept from it: ${carried}` : ''}`;
  const entries: TimelineEntry[] = prior ? [] : [{ at: now, actor: 'quell', action: TIMELINE_ACTIONS.merged, detail }];
  const escalated = escalationEntry(into.killChainPhases, killChainPhases, `merged incident ${from.id}`, now);
  if (escalated) entries.push(escalated);
  entries.push(...relatedChangeEntries(into.relatedChanges, relatedChanges, now));
  return {
    incident: {
      ...into,
      status,
      assignee,
      alertIds: union(into.alertIds, from.alertIds, Number.MAX_SAFE_INTEGER).slice(-INCIDENT_LIMITS.alertIds),
      alertCount: into.alertCount + addedAlerts,
      occurrenceCount: into.occurrenceCount + addedOccurrences,
      entities: unionEntities(into.entities, from.entities),
      services: union(into.services, from.services, INCIDENT_LIMITS.entities),
      firstSeen: Math.min(into.firstSeen, from.firstSeen),
      lastSeen: Math.max(into.lastSeen, from.lastSeen),
      priority: Math.min(into.priority, from.priority),
      killChainPhases,
      ruleIds: union(into.ruleIds, from.ruleIds, INCIDENT_LIMITS.ruleIds),
      techniques: union(into.techniques, from.techniques, INCIDENT_LIMITS.techniques),
      relatedChanges,
      relatedChangeIds: union(into.relatedChangeIds, from.relatedChangeIds, INCIDENT_LIMITS.relatedChangeIds),
      ...appendAll(into, entries),
      version: into.version + 1,
    },
    alerts: absorbed.alerts.reduce((kept, alert) => (kept.some((k) => k.id === alert.id) ? kept : withAlertSummary(kept, alert)), survivor.alerts),
    absorbed: latestAbsorbed({ ...survivor.absorbed, [from.id]: { unlisted, occurrenceCount: from.occurrenceCount, ...((prior?.by ?? by) ? { by: prior?.by ?? by } : {}) } }),
  };
}

/** Absorbed incidents remembered per survivor: a merge is redone only while a race or a replay is fresh. */
export const MAX_ABSORBED = 200;

function latestAbsorbed(absorbed: IncidentState['absorbed']): IncidentState['absorbed'] {
  const entries = Object.entries(absorbed);
  return entries.length > MAX_ABSORBED ? Object.fromEntries(entries.slice(-MAX_ABSORBED)) : absorbed;
}

/** The absorbed incident closed, pointing at the survivor, with a `merged_into` entry; null when it already is. */
export function closeAsMerged(absorbed: IncidentState, into: string, now: number): IncidentState | null {
  const incident = absorbed.incident;
  if (incident.mergedInto === into && incident.status === 'closed') return null;
  return {
    ...absorbed,
    incident: {
      ...incident,
      status: 'closed',
      mergedInto: into,
      ...appendAll(incident, [{ at: now, actor: 'quell', action: TIMELINE_ACTIONS.mergedInto, detail: `merged into incident ${into}` }]),
      version: incident.version + 1,
    },
  };
}
