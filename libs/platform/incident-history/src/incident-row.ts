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
 * When and how the incident was resolved: the latest `resolved` timeline entry, else `closed`. Until
 * the Incident contract carries a resolution code, the lifecycle writes it as the entry's detail,
 * leading ("false_positive: backup job"); the code is the detail up to the first ':' or space.
 */
export function resolutionOf(incident: Incident): { code: string | null; at: number } | null {
  if (!RESOLVING.has(incident.status)) return null;
  const latest = [...incident.timeline].reverse();
  // A closed incident was usually resolved first: that entry holds the code and the time.
  const entry = latest.find((e) => e.action === 'resolved') ?? latest.find((e) => e.action === 'closed');
  const at = entry?.at ?? incident.lastSeen;
  const code = entry?.detail?.trim().split(/[:\s]/, 1)[0] || null;
  return { code, at };
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
    related_change_ids: incident.relatedChangeIds,
    assignee: incident.assignee,
    resolution_code: resolution?.code ?? null,
    first_seen: toDateTime64(incident.firstSeen),
    last_seen: toDateTime64(incident.lastSeen),
    resolved_at: resolution ? toDateTime64(resolution.at) : null,
    timeline_dropped: incident.timelineDropped,
    recorded_at: toDateTime64(recordedAt),
    incident: JSON.stringify(incident),
  };
}
