import type { Incident } from '@quell/contracts';
import { appendToTimeline } from '../incident-timeline';
import type { PriorityAssessment } from './incident-priority';

/** The timeline action that records an automatic severity or priority and why. */
export const PRIORITIZED_ACTION = 'prioritized';

/**
 * The incident with the assessed severity and priority, and a timeline entry giving the reason
 * (`P1 because: …`), so the incident shows its factors; null when neither changed, so a replay or
 * an unchanged re-assessment adds no entry. The version is left as it is: the caller writes this
 * as part of the version it is producing (the alert fold's), or bumps it when nothing else changed.
 */
export function withAssessedPriority(incident: Incident, assessment: PriorityAssessment, now: number): Incident | null {
  if (incident.severity === assessment.severity && incident.priority === assessment.priority && lastReason(incident) === assessment.reason) return null;
  return {
    ...incident,
    severity: assessment.severity,
    priority: assessment.priority,
    ...appendToTimeline(incident, { at: now, actor: 'quell', action: PRIORITIZED_ACTION, detail: assessment.reason }),
  };
}

function lastReason(incident: Incident): string | null | undefined {
  return incident.timeline.findLast((entry) => entry.action === PRIORITIZED_ACTION)?.detail;
}
