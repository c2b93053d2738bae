import type { Incident, TimelineEntry } from '@quell/contracts';
import { appendToTimeline } from '../incident-timeline';
import type { PriorityAssessment } from './incident-priority';

/** The timeline action that records an automatic severity or priority and why. */
export const PRIORITIZED_ACTION = 'prioritized';
/** The timeline action of a person changing the priority (with a reason): automatic assessment then keeps it. */
export const PRIORITY_CHANGED_ACTION = 'priority_changed';

/**
 * The incident with the assessed severity and priority, and a timeline entry giving the reason
 * (`P1 because: …`), so the incident shows its factors; null when nothing changed, so a replay or
 * an unchanged re-assessment adds no entry. A priority a person set (a `priority_changed` entry)
 * is kept from then on, severity still follows the alerts, and the entry says so. The version is left as it is: the caller writes
 * this as part of the version it is producing (the alert fold's), or bumps it when nothing else did.
 */
export function withAssessedPriority(incident: Incident, assessment: PriorityAssessment, now: number): Incident | null {
  const setByPerson = incident.timeline.findLast((entry) => entry.action === PRIORITY_CHANGED_ACTION);
  const priority = setByPerson ? incident.priority : assessment.priority;
  const detail = setByPerson ? `${assessment.reason}; P${incident.priority} kept as set by ${setByPerson.actor}` : assessment.reason;
  const lastDetail = lastAssessment(incident)?.detail;
  if (incident.severity === assessment.severity && incident.priority === priority && lastDetail === detail) return null;
  return {
    ...incident,
    severity: assessment.severity,
    priority,
    ...appendToTimeline(incident, { at: now, actor: 'quell', action: PRIORITIZED_ACTION, detail }),
  };
}

function lastAssessment(incident: Incident): TimelineEntry | undefined {
  return incident.timeline.findLast((entry) => entry.action === PRIORITIZED_ACTION);
}
