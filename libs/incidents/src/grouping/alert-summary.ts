import type { Alert, Incident } from '@quell/contracts';

/** Alerts an incident's stored state keeps for re-assessing its priority; alertCount stays the true total. */
export const MAX_ALERT_SUMMARIES = 100;
/** Details the severity assessment and the change context read (libs/incidents README "Severity", change-context.ts); the rest is left out. */
const KEPT_DETAILS = ['intel.indicator', 'anomaly.score', 'change.freeze.id'] as const;

/**
 * What the incident keeps of an alert: what severity, priority and the change context read (level,
 * kind, phase, suppression, dedup count, the details above), so the stored state stays small.
 */
export function alertSummaryOf(alert: Alert): Alert {
  const details: Record<string, string> = {};
  for (const key of KEPT_DETAILS) if (alert.details[key] !== undefined) details[key] = alert.details[key];
  // Entities, techniques and samples are on the incident (or in the alert history): not repeated per alert.
  return { ...alert, rule: { ...alert.rule, tags: [] }, entities: [], sampleEventIds: [], tactics: [], techniques: [], explanation: null, details };
}

const LEVEL_RANK: Record<string, number> = { critical: 5, high: 4, medium: 3, low: 2, informational: 1, info: 1 };

const levelRank = (alert: Alert): number => LEVEL_RANK[alert.rule.level.toLowerCase()] ?? 3;

/**
 * The title an incident goes by: its opening alert's rule title until an alert of a higher level
 * joins, then that alert's (the earliest of the highest), so a breach that began with failed logons
 * is not titled "Failed logon". Suppressed alerts are context and never name it; an alert of the
 * same level never renames it, so the title does not flip between equals.
 */
export function headlineTitle(incident: Pick<Incident, 'title' | 'severity'>, summaries: readonly Alert[]): string {
  const current = incident.title;
  const paging = summaries.filter((alert) => alert.suppression.state !== 'suppressed');
  const naming = paging.filter((alert) => alert.rule.title === current).map(levelRank);
  // The alert that named it may be gone from the bounded summaries (or predate them): its severity stands in.
  const currentRank = naming.length > 0 ? Math.max(...naming) : (LEVEL_RANK[incident.severity.toLowerCase()] ?? 3);
  let headline: Alert | undefined;
  for (const alert of paging) {
    const rank = levelRank(alert);
    if (rank <= currentRank) continue;
    if (!headline || rank > levelRank(headline) || (rank === levelRank(headline) && alert.firstSeen < headline.firstSeen)) headline = alert;
  }
  return headline?.rule.title ?? current;
}

/**
 * The summaries with `alert` in (replacing its older version), at most MAX_ALERT_SUMMARIES: past the
 * cap the least telling go first (plain detections of the lowest level, covered before uncovered, oldest first), so the alert
 * that sets the severity and those that add a factor (correlation, intel, anomaly, change) stay.
 */
export function withAlertSummary(summaries: readonly Alert[], alert: Alert, cap = MAX_ALERT_SUMMARIES): Alert[] {
  const next = [...summaries.filter((kept) => kept.id !== alert.id), alertSummaryOf(alert)];
  while (next.length > cap) next.splice(leastTelling(next), 1);
  return next;
}

function leastTelling(summaries: readonly Alert[]): number {
  let worst = 0;
  for (let i = 1; i < summaries.length; i += 1) if (weight(summaries[i]) < weight(summaries[worst])) worst = i;
  return worst;
}

function weight(alert: Alert): number {
  const telling = alert.kind !== 'detection' || alert.suppression.state === 'annotated' || Object.keys(alert.details).length > 0 ? 10 : 0;
  // A suppressed alert goes before an uncovered one: dropping the uncovered would make the rest look all covered (−2).
  const covered = alert.suppression.state === 'suppressed' ? -0.5 : 0;
  return telling + covered + levelRank(alert);
}
