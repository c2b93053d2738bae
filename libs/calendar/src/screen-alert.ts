import type { Alert, Change } from '@quell/contracts';

/** The change window (start included, end excluded) that contains `at`, if any. */
function coversTime(change: Change, at: number): boolean {
  // Recurrence (RRULE) expansion arrives with the change-calendar issue; plain windows hold now.
  return change.windows.some((w) => w.start <= at && at < w.end);
}

function coversEntities(change: Change, alert: Alert): boolean {
  const hosts = new Set(change.scope.hosts);
  const rulesInScope = change.scope.rules;
  if (rulesInScope.length > 0 && !rulesInScope.includes(alert.rule.id)) return false;
  return alert.entities.some((e) => e.type === 'host' && hosts.has(e.value));
}

/**
 * DESIGN.md "Suppression by change": an approved change whose window holds the alert's time and
 * whose scope matches its entities suppresses it. The alert is kept and marked, never dropped.
 */
export function screenAlert(alert: Alert, changes: readonly Change[]): Alert {
  const cover = changes.find(
    (c) => c.tenant === alert.tenant && c.status === 'approved' && coversTime(c, alert.firstSeen) && coversEntities(c, alert),
  );
  if (!cover) return alert;
  return {
    ...alert,
    suppression: { state: 'suppressed', changeId: cover.id, reason: `covered by approved change "${cover.title}"` },
  };
}
