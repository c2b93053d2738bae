import type { Incident } from '@quell/contracts';
import { toDateTime64 } from '@quell/platform-clickhouse';
import { entityKey } from './entity-key';

/** What the incident's stored alerts contribute to its row. */
export interface AlertFacts {
  ruleIds: string[];
  techniques: string[];
}

const RESOLVING = new Set(['resolved', 'closed']);

/**
 * When and how the incident was resolved. Incident v3 carries both (`resolution`, `resolvedAt`);
 * a version from an older producer has them only in its timeline: the latest `resolved` entry,
 * else `closed`, its code the detail's leading word ("false_positive: backup job" → false_positive).
 */
export function resolutionOf(incident: Incident): { code: string | null; at: number } | null {
  if (!RESOLVING.has(incident.status)) return null;
  const latest = [...incident.timeline].reverse();
  // A closed incident was usually resolved first: that entry holds the code and the time.
  const entry = latest.find((e) => e.action === 'resolved') ?? latest.find((e) => e.action === 'closed');
  const at = incident.resolvedAt ?? entry?.at ?? incident.lastSeen;
  const code = incident.resolution ?? (entry?.detail?.trim().split(/[:\s]/, 1)[0] || null);
  return { code, at };
}

/** Rule and technique ids of the version itself (v3), else what its stored alerts contribute. */
export function factsOfVersion(incident: Incident, fromAlerts: AlertFacts): AlertFacts {
  return incident.ruleIds.length > 0 ? { ruleIds: [...incident.ruleIds].sort(), techniques: [...incident.techniques].sort() } : fromAlerts;
}

/** One row of INCIDENT_VERSIONS_TABLE: the searchable fields as columns, the whole version as JSON. */
export function incidentRow(incident: Incident, facts: AlertFacts, recordedAt: number) {
  const resolution = resolutionOf(incident);
  return {
    tenant: incident.tenant,
    id: incident.id,
    version: incident.version,
    title: incident.title,
    status: incident.status,
    severity: incident.severity,
    priority: incident.priority,
    services: incident.services,
    entities: incident.entities.map(entityKey),
    alert_ids: incident.alertIds,
    alert_count: incident.alertCount,
    rule_ids: facts.ruleIds,
    techniques: facts.techniques,
    kill_chain_phases: incident.killChainPhases,
    // v3 ranks related changes with their relation; the plain id list is kept for older producers.
    related_change_ids: [...new Set([...incident.relatedChangeIds, ...incident.relatedChanges.map((c) => c.changeId)])],
    assignee: incident.assignee,
    resolution_code: resolution?.code ?? null,
    first_seen: toDateTime64(incident.firstSeen),
    last_seen: toDateTime64(incident.lastSeen),
    resolved_at: resolution ? toDateTime64(resolution.at) : null,
    timeline_dropped: incident.timelineDropped,
    occurrence_count: incident.occurrenceCount,
    priority_reason: incident.priorityReason,
    merged_into: incident.mergedInto,
    tickets: incident.tickets,
    recorded_at: toDateTime64(recordedAt),
    incident: JSON.stringify(incident),
  };
}
