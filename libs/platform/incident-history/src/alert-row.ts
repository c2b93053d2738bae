import type { Alert } from '@quell/contracts';
import { toDateTime64 } from '@quell/platform-clickhouse';
import { entityKey } from './entity-key';

/** One row of ALERTS_TABLE: the searchable fields as columns, the whole alert as JSON. */
export function alertRow(alert: Alert, recordedAt: number) {
  return {
    tenant: alert.tenant,
    id: alert.id,
    first_seen: toDateTime64(alert.firstSeen),
    last_seen: toDateTime64(alert.lastSeen),
    event_count: alert.eventCount,
    // Before dedup an alert is its own single occurrence.
    dedup_count: alert.dedup?.count ?? 1,
    dedup_first_seen: alert.dedup ? toDateTime64(alert.dedup.firstSeen) : null,
    rule_id: alert.rule.id,
    rule_title: alert.rule.title,
    rule_version: alert.rule.version,
    rule_level: alert.rule.level,
    rule_author: alert.rule.author,
    rule_tags: alert.rule.tags,
    kind: alert.kind,
    fingerprint: alert.fingerprint,
    entities: alert.entities.map(entityKey),
    sample_event_ids: alert.sampleEventIds,
    tactics: alert.tactics,
    techniques: alert.techniques,
    kill_chain_phase: alert.killChainPhase,
    explanation: alert.explanation,
    details: alert.details,
    suppression_state: alert.suppression.state,
    suppression_change_id: alert.suppression.changeId,
    suppression_reason: alert.suppression.reason,
    recorded_at: toDateTime64(recordedAt),
    alert: JSON.stringify(alert),
  };
}
