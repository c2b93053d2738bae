import { derivedId, emptyIncidentParts, type Alert, type Entity, type Incident, type TimelineEntry } from '@quell/contracts';
import { mergeRelatedChanges, relatedChangesOf } from './grouping/related-changes-of';
import { appendToTimeline } from './incident-timeline';
import { escalationEntry } from './grouping/kill-chain-escalation';
import { TIMELINE_ACTIONS } from './timeline-actions';

const SEVERITY_BY_LEVEL: Record<string, { severity: string; priority: number }> = {
  critical: { severity: 'critical', priority: 1 },
  high: { severity: 'high', priority: 2 },
  medium: { severity: 'medium', priority: 3 },
  low: { severity: 'low', priority: 4 },
  informational: { severity: 'informational', priority: 5 },
};

/** Bounds of the lists an incident keeps (alertCount and occurrenceCount stay true totals). */
export const INCIDENT_LIMITS = { alertIds: 1000, entities: 100, ruleIds: 50, techniques: 100, relatedChangeIds: 50 } as const;

/**
 * The id of the incident an alert opens, derived from the tenant and that first alert's id, so every
 * replica and every replay agrees on it. WARNING: never change it (a replay would open a twin).
 */
export function incidentIdFor(alert: Pick<Alert, 'tenant' | 'id'>): string {
  return derivedId('incident', alert.tenant, alert.id);
}

export interface IncidentUpdate {
  incident: Incident;
  /** False when the alert was already part of the incident (a replay): no new version. */
  changed: boolean;
}

export interface FoldOptions {
  /** The id of an incident this alert opens (default incidentIdFor). */
  id?: string;
  /** The alert is known to be in the incident already (the alert → incident map said so), even if alertIds, being bounded, no longer lists it. */
  known?: boolean;
  /** Occurrences already counted for this alert, when the caller knows better than the timeline (whose entries are bounded). */
  recorded?: number;
}

/**
 * Folds an alert into its incident. `alertCount` counts distinct alerts (the contract's "alerts
 * grouped"); a deduplicated repeat is the same alert id again with a higher `dedup.count` and a
 * later `lastSeen` (see foldRepeat). Idempotent: an alert id already folded, with nothing newer,
 * changes nothing, so a redelivered alert never creates a duplicate incident or a new version.
 */
export function applyAlert(existing: Incident | null, alert: Alert, now: number, options: FoldOptions = {}): IncidentUpdate {
  if (!existing) return { changed: true, incident: openedBy(alert, now, options.id ?? incidentIdFor(alert)) };
  if (options.known || existing.alertIds.includes(alert.id)) return foldRepeat(existing, alert, now, options.recorded);
  const rank = rankOf(alert);
  const killChainPhases = alert.killChainPhase && !existing.killChainPhases.includes(alert.killChainPhase) ? [...existing.killChainPhases, alert.killChainPhase] : existing.killChainPhases;
  const relatedChanges = mergeRelatedChanges(existing.relatedChanges, relatedChangesOf(alert));
  const suppressed = alert.suppression.state === 'suppressed';
  const added: TimelineEntry = suppressed
    ? { at: now, actor: 'quell', action: TIMELINE_ACTIONS.suppressed, detail: `${alert.id} (${alert.rule.title}): ${alert.suppression.reason ?? `covered by change ${alert.suppression.changeId}`}` }
    : { at: now, actor: 'quell', action: TIMELINE_ACTIONS.alertAdded, detail: alert.id };
  const entries: TimelineEntry[] = [added, ...repeatEntries(alert, now)];
  const escalated = escalationEntry(existing.killChainPhases, killChainPhases, `alert ${alert.id}`, now);
  if (escalated) entries.push(escalated);
  entries.push(...relatedChangeEntries(existing.relatedChanges, relatedChanges, now));
  return {
    changed: true,
    incident: {
      ...existing,
      alertIds: [...existing.alertIds, alert.id].slice(-INCIDENT_LIMITS.alertIds),
      alertCount: existing.alertCount + 1,
      occurrenceCount: existing.occurrenceCount + occurrencesOf(alert),
      entities: unionEntities(existing.entities, alert.entities),
      services: union(existing.services, servicesOf(alert), INCIDENT_LIMITS.entities),
      firstSeen: Math.min(existing.firstSeen, alert.firstSeen),
      lastSeen: Math.max(existing.lastSeen, alert.lastSeen),
      // A suppressed alert is context: it never raises the incident's priority.
      priority: suppressed ? existing.priority : Math.min(existing.priority, rank.priority),
      killChainPhases,
      ruleIds: union(existing.ruleIds, [alert.rule.id], INCIDENT_LIMITS.ruleIds),
      techniques: union(existing.techniques, alert.techniques, INCIDENT_LIMITS.techniques),
      relatedChanges,
      relatedChangeIds: union(existing.relatedChangeIds, changeIdsOf(alert), INCIDENT_LIMITS.relatedChangeIds),
      ...appendAll(existing, entries),
      version: existing.version + 1,
    },
  };
}

function openedBy(alert: Alert, now: number, id: string): Incident {
  const rank = rankOf(alert);
  const relatedChanges = mergeRelatedChanges([], relatedChangesOf(alert));
  const opening: TimelineEntry = { at: now, actor: 'quell', action: TIMELINE_ACTIONS.opened, detail: `alert ${alert.id} (${alert.rule.id})` };
  return {
    id,
    tenant: alert.tenant,
    title: alert.rule.title,
    status: 'open',
    severity: rank.severity,
    priority: rank.priority,
    services: servicesOf(alert),
    entities: unionEntities([], alert.entities),
    alertIds: [alert.id],
    alertCount: 1,
    firstSeen: alert.firstSeen,
    lastSeen: alert.lastSeen,
    killChainPhases: alert.killChainPhase ? [alert.killChainPhase] : [],
    relatedChangeIds: changeIdsOf(alert),
    assignee: null,
    timeline: [opening, ...repeatEntries(alert, now), ...relatedChangeEntries([], relatedChanges, now)],
    ...emptyIncidentParts(),
    occurrenceCount: occurrencesOf(alert),
    ruleIds: [alert.rule.id],
    techniques: union([], alert.techniques, INCIDENT_LIMITS.techniques),
    relatedChanges,
    timelineDropped: 0,
    version: 1,
  };
}

function rankOf(alert: Alert): { severity: string; priority: number } {
  return SEVERITY_BY_LEVEL[alert.rule.level.toLowerCase()] ?? SEVERITY_BY_LEVEL['medium'];
}

/** The timeline action summing up an alert's deduplicated repeats: one entry per alert, replaced as its count grows. */
export const REPEATS_ACTION = TIMELINE_ACTIONS.alertRepeated;

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

export function appendAll(incident: Timeline, entries: readonly TimelineEntry[]): Timeline {
  return entries.reduce<Timeline>((timeline, entry) => appendToTimeline(timeline, entry), { timeline: incident.timeline, timelineDropped: incident.timelineDropped });
}

function repeatEntries(alert: Alert, now: number): TimelineEntry[] {
  const count = occurrencesOf(alert);
  return count > 1 ? [{ at: now, actor: 'quell', action: REPEATS_ACTION, detail: repeatsDetail(alert.id, count) }] : [];
}

/** A `related_change` entry per change that is new in the list (its summary says how it relates). */
export function relatedChangeEntries(before: Incident['relatedChanges'], after: Incident['relatedChanges'], now: number): TimelineEntry[] {
  const known = new Set(before.map((change) => change.changeId));
  return after.filter((change) => !known.has(change.changeId)).map((change) => ({ at: now, actor: 'quell', action: TIMELINE_ACTIONS.relatedChange, detail: `${change.changeId}: ${change.summary}` }));
}

/**
 * A known alert again: the deduper's update of it (a higher count, a later lastSeen), a redelivery or
 * an older update overtaken by a newer one. Only what is newer changes the incident: lastSeen moves
 * forward, occurrenceCount grows by the new occurrences, and the alert's single repeats entry is
 * replaced (moved to the newest end, so the timeline cap drops it last) instead of adding an entry
 * per repeat; alertCount and alertIds stay as they are. A count at or below the recorded one with no
 * later lastSeen changes nothing, not even the version.
 */
function foldRepeat(existing: Incident, alert: Alert, now: number, recorded = recordedOccurrences(existing, alert.id)): IncidentUpdate {
  const count = occurrencesOf(alert);
  const countGrew = count > recorded;
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
      occurrenceCount: existing.occurrenceCount + (countGrew ? count - recorded : 0),
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
    const next = applyAlert(update?.incident ?? null, alert, now, { id: update?.incident.id });
    update = { incident: next.incident, changed: next.changed || (update?.changed ?? false) };
  }
  if (!update?.changed) return update;
  return { changed: true, incident: { ...update.incident, version: (existing?.version ?? 0) + 1 } };
}

/** The business services an alert names (its `service` entities). */
function servicesOf(alert: Alert): string[] {
  return union([], alert.entities.filter((entity) => entity.type === 'service').map((entity) => entity.value), INCIDENT_LIMITS.entities);
}

function changeIdsOf(alert: Alert): string[] {
  return union([], [alert.suppression.changeId ?? '', ...(alert.details['change.related.ids']?.split(',') ?? [])].filter((id) => id.length > 0), INCIDENT_LIMITS.relatedChangeIds);
}

export function union(kept: readonly string[], added: readonly string[], cap: number): string[] {
  const all = [...new Set([...kept, ...added])];
  return all.length > cap ? all.slice(0, cap) : all;
}

export function unionEntities(kept: readonly Entity[], added: readonly Entity[]): Entity[] {
  const seen = new Set(kept.map((entity) => `${entity.type}:${entity.value}`));
  const next = [...kept];
  for (const entity of added) {
    const term = `${entity.type}:${entity.value}`;
    if (seen.has(term) || next.length >= INCIDENT_LIMITS.entities) continue;
    seen.add(term);
    next.push(entity);
  }
  return next;
}
