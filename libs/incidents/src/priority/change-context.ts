import type { Alert, Incident } from '@quell/contracts';
import { added, type PriorityFactor } from './priority-factor';

/** Points the change context adds or takes (README "Priority", "Change context"). */
export const CHANGE_WEIGHTS = { covered: -2, related: -1, inFreeze: 1, unapproved: 1 } as const;
/** Marks the change calendar puts on an alert in a freeze: the screened alert's detail, and its freeze alerts' rule id (change-calendar governance). */
export const FREEZE_DETAIL = 'change.freeze.id';
const FREEZE_RULE = 'quell.change.freeze';

/**
 * How the change calendar's view of the alerts moves the priority:
 * - every alert covered by an approved change: expected work, -2 (kept, never dropped);
 * - a related change (near in time and scope, not covering): a likely explanation, -1;
 * - an approved change made inside a freeze window (alert annotated, in a freeze): +1; an alert
 *   annotated for another reason (a critical or intel alert the policy keeps paging, a window-close
 *   report) is no freeze and adds nothing;
 * - a configuration change no approved change covers (an alert of kind `change`): +1.
 */
export function changeFactors(incident: Incident, alerts: readonly Alert[]): PriorityFactor[] {
  const factors: PriorityFactor[] = [];
  const covering = alerts.filter((alert) => alert.suppression.state === 'suppressed');
  if (alerts.length > 0 && covering.length === alerts.length) {
    factors.push(added('change-covered', `covered by approved change ${covering[0].suppression.changeId ?? '(unnamed)'}`, CHANGE_WEIGHTS.covered));
  }
  const coveringIds = new Set(alerts.map((alert) => alert.suppression.changeId).filter((id) => id !== null));
  // Named in the incident's ranked order (relatedChanges, closest first), as the incident lists them.
  const ranked = [...incident.relatedChanges.map((change) => change.changeId), ...incident.relatedChangeIds];
  const related = [...new Set(ranked)].filter((id) => !coveringIds.has(id));
  if (related.length > 0 && covering.length < alerts.length) {
    factors.push(added('change-related', `related change ${related[0]}${related.length > 1 ? ` and ${related.length - 1} more` : ''}`, CHANGE_WEIGHTS.related));
  }
  const annotated = alerts.find((alert) => alert.suppression.state === 'annotated' && inFreeze(alert));
  if (annotated) factors.push(added('change-in-freeze', `change ${annotated.suppression.changeId ?? '(unnamed)'} made during a freeze`, CHANGE_WEIGHTS.inFreeze));
  const unapproved = alerts.find((alert) => alert.kind === 'change' && alert.suppression.state === 'none');
  if (unapproved) factors.push(added('change-unapproved', `change without approval (${unapproved.rule.title})`, CHANGE_WEIGHTS.unapproved));
  return factors;
}

function inFreeze(alert: Alert): boolean {
  return alert.details[FREEZE_DETAIL] !== undefined || alert.rule.id === FREEZE_RULE;
}
