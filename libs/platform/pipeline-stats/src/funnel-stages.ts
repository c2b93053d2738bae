import type { FunnelStage, FunnelStageName } from './pipeline-stats.port';

/** The stages in pipeline order, with what each counts (README: "The funnel's stages"). */
export const FUNNEL_STAGES: readonly Omit<FunnelStage, 'count'>[] = [
  { name: 'events', label: 'Events', description: 'Normalized events stored in the event history (quell_events), by ingest time.' },
  {
    name: 'alerts',
    label: 'Alerts',
    description: "Alerts raised by rules and the change calendar: the deduper's occurrence counts (quell_alerts.dedup_count) that rose in the range, suppressed alerts and dedup repeats included.",
  },
  { name: 'screened', label: 'After screening', description: 'Alerts minus those an approved change suppressed (quell_suppressed_alerts_v2, state suppressed); annotated alerts pass.' },
  {
    name: 'deduplicated',
    label: 'After dedup',
    description: 'Distinct alerts the deduper passed (quell_alerts ids first recorded in the range) that reached the incident path unsuppressed.',
  },
  { name: 'incidents', label: 'Incidents', description: 'Incidents opened: ids whose first version was recorded in the range (quell_incident_versions).' },
  {
    name: 'notifications',
    label: 'Notifications',
    description: 'Notifications sent: one per incident transition and channel with a sent attempt (quell_deliveries); none are logged while NOTIFY_DELIVERY_LOG_CLICKHOUSE is off.',
  },
];

/** The stages with their counts, in FUNNEL_STAGES' order. */
export function funnelStages(counts: Record<FunnelStageName, number>): FunnelStage[] {
  return FUNNEL_STAGES.map((stage) => ({ ...stage, count: counts[stage.name] }));
}
