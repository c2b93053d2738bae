import { emptyIncidentParts, derivedId, type Alert, type Incident, type TimelineEntry } from '@quell/contracts';
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
 * Folds an alert into its incident. `alertCount` counts distinct alerts (the contract's "alerts
 * grouped"); a deduplicated repeat is the same alert id again with a higher `dedup.count` and a
 * later `lastSeen` (see foldRepeat). Idempotent: an alert id already folded, with nothing newer,
 * changes nothing, so a redelivered alert never creates a duplicate incident or a new version.
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
        timeline: [{ at: now, actor: 'quell', action: 'opened', detail: `alert ${alert.id} (${alert.rule.id})` }, ...repeatEntries(alert, now)],
        ...emptyIncidentParts(),
        timelineDropped: 0,
        version: 1,
      },
    };
  }
  if (existing.alertIds.includes(alert.id)) return foldRepeat(existing, alert, now);
  return {
    changed: true,
    incident: {
      ...existing,
      alertIds: [...existing.alertIds, alert.id].slice(-1000),
      alertCount: existing.alertCount + 1,
      firstSeen: Math.min(existing.firstSeen, alert.firstSeen),
      lastSeen: Math.max(existing.lastSeen, alert.lastSeen),
      priority: Math.min(existing.priority, rank.priority),
      ...appendAll(existing, [{ at: now, actor: 'quell', action: 'alert_added', detail: alert.id }, ...repeatEntries(alert, now)]),
      version: existing.version + 1,
    },
  };
}

/** The timeline action summing up an alert's deduplicated repeats: one entry per alert, replaced as its count grows. */
export const REPEATS_ACTION = 'alert_repeated';

/** How many occurrences the deduper has folded into an alert (1 for an alert that never passed a deduper). */
export function occurrencesOf(alert: Alert): number {
  return Math.max(1, alert.dedup?.count ?? 1);
}

const repeatsDetail = (alertId: string, count: number): string => `${alertId} seen ${count} times`;

/** The occurrence count an incident's repeats entry records for `alertId`; 1 when it has none. */
export function recordedOccurrences(incident: Pick<Incident, 'timeline'>, alertId: string): number {
  const prefix = `${alertId} seen `;
  const entry = incident.timeline.find((e) => e.action === REPEATS_ACTION && e.detail?.startsWith(prefix));
  return Number(/^(\d+) times$/.exec(entry?.detail?.slice(prefix.length) ?? '')?.[1] ?? 1);
}

type Timeline = Pick<Incident, 'timeline' | 'timelineDropped'>;

function appendAll(incident: Timeline, entries: readonly TimelineEntry[]): Timeline {
  return entries.reduce<Timeline>((timeline, entry) => appendToTimeline(timeline, entry), { timeline: incident.timeline, timelineDropped: incident.timelineDropped });
}

function repeatEntries(alert: Alert, now: number): TimelineEntry[] {
  const count = occurrencesOf(alert);
  return count > 1 ? [{ at: now, actor: 'quell', action: REPEATS_ACTION, detail: repeatsDetail(alert.id, count) }] : [];
}

/**
 * A known alert again: the deduper's update of it (a higher count, a later lastSeen), a redelivery or
 * an older update overtaken by a newer one. Only what is newer changes the incident: lastSeen moves
 * forward, and the alert's single repeats entry is replaced (moved to the newest end, so the timeline
 * cap drops it last) instead of adding an entry per repeat; alertCount and alertIds stay as they are.
 * A count at or below the recorded one with no later lastSeen changes nothing, not even the version.
 */
function foldRepeat(existing: Incident, alert: Alert, now: number): IncidentUpdate {
  const count = occurrencesOf(alert);
  const countGrew = count > recordedOccurrences(existing, alert.id);
  const lastSeen = Math.max(existing.lastSeen, alert.lastSeen);
  if (!countGrew && lastSeen === existing.lastSeen) return { incident: existing, changed: false };
  const previousEntry = `${alert.id} seen `;
  const rest = { timeline: existing.timeline.filter((e) => !(e.action === REPEATS_ACTION && e.detail?.startsWith(previousEntry))), timelineDropped: existing.timelineDropped };
  return {
    changed: true,
    incident: {
      ...existing,
      firstSeen: Math.min(existing.firstSeen, alert.firstSeen),
      lastSeen,
      ...(countGrew ? appendAll(rest, repeatEntries(alert, now)) : {}),
      version: existing.version + 1,
    },
  };
}

/**
 * Folds one incident's alerts, in order (see applyAlert); changed when any of them changed it. A batch
 * makes at most one new version: the notifier pages on version 1, so an incident opened and updated in
 * the same batch (its alert and the deduper's first count update, say) must still be published as 1.
 */
export function applyAlerts(existing: Incident | null, alerts: readonly Alert[], now: number): IncidentUpdate | null {
  let update: IncidentUpdate | null = existing && { incident: existing, changed: false };
  for (const alert of alerts) {
    const next = applyAlert(update?.incident ?? null, alert, now);
    update = { incident: next.incident, changed: next.changed || (update?.changed ?? false) };
  }
  if (!update?.changed) return update;
  return { changed: true, incident: { ...update.incident, version: (existing?.version ?? 0) + 1 } };
}
