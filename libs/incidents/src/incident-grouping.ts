import { derivedId, type Alert, type Incident } from '@quell/contracts';
import { appendToTimeline } from './incident-timeline';

const SEVERITY_BY_LEVEL: Record<string, { severity: string; priority: number }> = {
  critical: { severity: 'critical', priority: 1 },
  high: { severity: 'high', priority: 2 },
  medium: { severity: 'medium', priority: 3 },
  low: { severity: 'low', priority: 4 },
  informational: { severity: 'info', priority: 5 },
};

/** One incident per (tenant, fingerprint) for now; the id is derived so every replica agrees on it. */
export function incidentIdFor(alert: Alert): string {
  return derivedId(alert.tenant, alert.fingerprint);
}

export interface IncidentUpdate {
  incident: Incident;
  /** False when the alert was already part of the incident (a replay): no new version. */
  changed: boolean;
}

/**
 * Folds an alert into its incident. Idempotent: an alert id already in the incident changes
 * nothing, so a redelivered alert never creates a duplicate incident or a new version.
 */
export function applyAlert(existing: Incident | null, alert: Alert, now: number): IncidentUpdate {
  const rank = SEVERITY_BY_LEVEL[alert.rule.level] ?? SEVERITY_BY_LEVEL['medium'];
  if (!existing) {
    return {
      changed: true,
      incident: {
        id: incidentIdFor(alert),
        tenant: alert.tenant,
        title: alert.rule.title,
        status: 'open',
        severity: rank.severity,
        priority: rank.priority,
        services: [],
        entities: alert.entities,
        alertIds: [alert.id],
        alertCount: 1,
        firstSeen: alert.firstSeen,
        lastSeen: alert.lastSeen,
        killChainPhases: alert.killChainPhase ? [alert.killChainPhase] : [],
        relatedChangeIds: alert.suppression.changeId ? [alert.suppression.changeId] : [],
        assignee: null,
        timeline: [{ at: now, actor: 'quell', action: 'opened', detail: `alert ${alert.id} (${alert.rule.id})` }],
        timelineDropped: 0,
        version: 1,
      },
    };
  }
  if (existing.alertIds.includes(alert.id)) return { incident: existing, changed: false };
  return {
    changed: true,
    incident: {
      ...existing,
      alertIds: [...existing.alertIds, alert.id].slice(-1000),
      alertCount: existing.alertCount + 1,
      firstSeen: Math.min(existing.firstSeen, alert.firstSeen),
      lastSeen: Math.max(existing.lastSeen, alert.lastSeen),
      priority: Math.min(existing.priority, rank.priority),
      ...appendToTimeline(existing, { at: now, actor: 'quell', action: 'alert_added', detail: alert.id }),
      version: existing.version + 1,
    },
  };
}

/** Folds one incident's alerts, in order (see applyAlert); changed when any of them changed it. */
export function applyAlerts(existing: Incident | null, alerts: readonly Alert[], now: number): IncidentUpdate | null {
  let update: IncidentUpdate | null = existing && { incident: existing, changed: false };
  for (const alert of alerts) {
    const next = applyAlert(update?.incident ?? null, alert, now);
    update = { incident: next.incident, changed: next.changed || (update?.changed ?? false) };
  }
  return update;
}
