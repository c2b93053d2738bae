import type { Incident, TimelineEntry } from '@quell/contracts';
import { TIMELINE_ACTIONS as A } from '@quell/incidents';
import type { IncidentTransition } from '../notification-message';

/** One notifying transition of an incident, as its timeline recorded it. */
export interface TransitionEvent {
  /**
   * WARNING: durable (the delivery log and the outcomes are keyed by it); never change its format.
   * `<incident id>/<timeline action>/<entry time>`: the same entry gives the same key in every
   * version, replica and replay of the incident.
   */
  key: string;
  transition: IncidentTransition;
  incidentId: string;
  tenant: string;
  at: number;
  actor: string;
  detail: string | null;
}

const TRANSITION_OF: Readonly<Partial<Record<string, IncidentTransition>>> = {
  [A.opened]: 'opened',
  [A.escalated]: 'escalated',
  [A.acknowledged]: 'acknowledged',
  [A.resolved]: 'resolved',
};
const PRIORITY_ACTIONS = new Set<string>([A.prioritized, A.priorityChanged]);

/**
 * Every notifying transition an incident version holds (DESIGN "Incidents": opened, priority
 * raised, escalated, acknowledged, resolved), oldest first. Stateless: the notifier claims each key
 * before sending, so entries handled in an earlier version are skipped there, not here. A priority
 * entry notifies only when it raised the priority (a lower number); the assessment made when the
 * incident opened is part of the opening. A version that only added `notified` or
 * `notification_failed` entries yields the transitions it already held, all of them claimed.
 * A first version whose timeline was never written (a producer older than the timeline) still
 * opens: it gets a synthetic `opened` at its first-seen time.
 */
export function transitionsOf(incident: Incident): TransitionEvent[] {
  const events: TransitionEvent[] = [];
  let priority: number | undefined;
  for (const entry of incident.timeline) {
    const transition = TRANSITION_OF[entry.action];
    if (transition) events.push(eventOf(incident, entry, transition));
    if (!PRIORITY_ACTIONS.has(entry.action)) continue;
    const next = priorityIn(entry);
    if (next === undefined) continue;
    const before = entry.action === A.priorityChanged ? (previousPriorityIn(entry) ?? priority) : priority;
    if (before !== undefined && next < before) events.push(eventOf(incident, entry, 'priority_raised'));
    priority = next;
  }
  const opened = incident.timeline.some((entry) => entry.action === A.opened);
  if (!opened && incident.version === 1) {
    events.unshift(eventOf(incident, { at: incident.firstSeen, actor: 'quell', action: A.opened, detail: null }, 'opened'));
  }
  return events;
}

/** The key of a transition the notifier makes itself (an escalation step), in the same format. */
export function transitionKey(incidentId: string, action: string, at: number): string {
  return `${incidentId}/${action}/${at}`;
}

function eventOf(incident: Incident, entry: TimelineEntry, transition: IncidentTransition): TransitionEvent {
  return {
    key: transitionKey(incident.id, transition === 'priority_raised' ? `${entry.action}:raised` : entry.action, entry.at),
    transition,
    incidentId: incident.id,
    tenant: incident.tenant,
    at: entry.at,
    actor: entry.actor,
    detail: entry.detail,
  };
}

/** `P2 because: …` (assessment) or `P3 → P1: reason` (a person): the priority it set. */
function priorityIn(entry: TimelineEntry): number | undefined {
  // An assessment that kept a person's priority names the kept one last.
  const kept = /P([1-5]) kept as set by/.exec(entry.detail ?? '');
  if (kept) return Number(kept[1]);
  const match = entry.action === A.priorityChanged ? /→\s*P([1-5])\b/.exec(entry.detail ?? '') : /^P([1-5])\b/.exec(entry.detail ?? '');
  return match ? Number(match[1]) : undefined;
}

function previousPriorityIn(entry: TimelineEntry): number | undefined {
  const match = /^P([1-5])\s*→/.exec(entry.detail ?? '');
  return match ? Number(match[1]) : undefined;
}
