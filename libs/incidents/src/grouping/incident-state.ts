import type { Alert, Incident } from '@quell/contracts';
import { applyAlert, occurrencesOf, type FoldOptions } from '../incident-grouping';
import { withAlertSummary } from './alert-summary';

/** What an incident absorbed by a merge brought, so a merge done again adds only what is new. */
export interface AbsorbedIncident {
  /** Its alerts no longer listed in its alertIds (alertCount beyond the bounded list). */
  unlisted: number;
  occurrenceCount: number;
  /** The alert whose arrival merged it, so a replay of that alert publishes the absorbed incident again. */
  by?: string;
}

/**
 * An incident as stored by the incident-manager: the incident, the bounded summaries of its alerts
 * that severity and priority are re-assessed from (after a restart, on any replica), and the
 * incidents merged into it.
 */
export interface IncidentState {
  incident: Incident;
  alerts: Alert[];
  absorbed: Record<string, AbsorbedIncident>;
}

export const OPEN_STATUSES: ReadonlySet<string> = new Set(['open', 'acknowledged']);

/** Open to new alerts (and listed under its entities): open or acknowledged, and not merged away. */
export function isOpen(incident: Incident): boolean {
  return OPEN_STATUSES.has(incident.status) && incident.mergedInto === null;
}

/** A state read from the store; an incident stored before states existed has no alert summaries. */
export function stateOf(stored: IncidentState | Incident): IncidentState {
  return 'incident' in stored ? stored : { incident: stored, alerts: [], absorbed: {} };
}

/** The state with the alert folded in (applyAlert); null when the alert changed nothing (a replay). */
export function foldAlert(state: IncidentState | null, alert: Alert, now: number, options: FoldOptions = {}): IncidentState | null {
  const summary = state?.alerts.find((kept) => kept.id === alert.id);
  const update = applyAlert(state?.incident ?? null, alert, now, { ...options, ...(summary ? { recorded: occurrencesOf(summary) } : {}) });
  if (!update.changed) return null;
  const newer = !summary || occurrencesOf(alert) > occurrencesOf(summary) || alert.lastSeen > summary.lastSeen;
  return { incident: update.incident, alerts: newer ? withAlertSummary(state?.alerts ?? [], alert) : (state?.alerts ?? []), absorbed: state?.absorbed ?? {} };
}
