import type { Alert, Change } from '@quell/contracts';
import { refOf, isApproved, isFreeze, type ChangeRef } from './change-ref';
import { ChangeList, type ChangeHit, type ChangeSource } from './change-source';
import { relatedChanges, type RelatedChange, type RelatedChangeOptions } from './related-changes';
import { scopeRank } from './scope-match';
import { subjectOfAlert } from './scope-subject';

/** A change made inside a freeze window: high severity even when the change itself is approved. */
export interface FreezeFinding {
  type: 'change-in-freeze';
  severity: 'high';
  change: ChangeRef;
  freeze: ChangeRef;
  reason: string;
}

export interface AlertVerdict {
  /** The alert with its suppression set; never dropped. */
  alert: Alert;
  /** The approved change that covers the alert, if any. */
  cover: ChangeRef | null;
  /** Approved freeze windows in force for the alert's entities at its time. */
  freezes: ChangeRef[];
  finding: FreezeFinding | null;
  /** Only for an alert no change covers (DESIGN.md "Related changes"). */
  related: RelatedChange[];
}

export const DEFAULT_RELATED: RelatedChangeOptions = { lookbackMs: 4 * 3_600_000, limit: 5 };

/**
 * DESIGN.md "Suppression by change", judged at the alert's event time (firstSeen), not its arrival:
 * - an approved change whose window holds that time and whose scope matches suppresses the alert
 *   (kept, marked with the change id, title and owner);
 * - if an approved freeze window covers the same entities then, the change is itself a governance
 *   problem: the alert is only annotated (it stays on the paging path) and a high-severity finding
 *   names both;
 * - an alert no change covers lists the related changes.
 */
export function screenAlertVerdict(alert: Alert, source: ChangeSource, related: RelatedChangeOptions = DEFAULT_RELATED): AlertVerdict {
  const subject = subjectOfAlert(alert);
  const at = alert.firstSeen;
  const active = source.overlapping(alert.tenant, subject, { from: at, to: at + 1 }).filter((hit) => isApproved(hit.change));
  const cover = mostSpecific(active.filter((hit) => !isFreeze(hit.change)));
  const freezes = active.filter((hit) => isFreeze(hit.change)).map((hit) => refOf(hit.change));
  if (!cover) {
    return { alert, cover: null, freezes, finding: null, related: relatedChanges(source, alert.tenant, subject, at, related) };
  }
  const change = refOf(cover.change);
  if (freezes.length > 0) {
    const reason = `approved change "${change.title}" falls in freeze "${freezes[0].title}": annotated, not suppressed`;
    return {
      alert: { ...alert, suppression: { state: 'annotated', changeId: change.id, reason } },
      cover: change,
      freezes,
      finding: { type: 'change-in-freeze', severity: 'high', change, freeze: freezes[0], reason },
      related: [],
    };
  }
  const owner = change.owner ? ` (owner ${change.owner})` : '';
  return {
    alert: { ...alert, suppression: { state: 'suppressed', changeId: change.id, reason: `covered by approved change "${change.title}"${owner}` } },
    cover: change,
    freezes,
    finding: null,
    related: [],
  };
}

/** The alert as screened against a list of changes (the walking skeleton's call; services use an index). */
export function screenAlert(alert: Alert, changes: readonly Change[] | ChangeSource): Alert {
  return screenAlertVerdict(alert, isSource(changes) ? changes : new ChangeList(changes)).alert;
}

function isSource(value: readonly Change[] | ChangeSource): value is ChangeSource {
  return !Array.isArray(value);
}

/** Several changes may cover one alert: the most specific scope wins, then the latest start, then the id. */
function mostSpecific(hits: ChangeHit[]): ChangeHit | undefined {
  return [...hits].sort(
    (a, b) => scopeRank(a.match) - scopeRank(b.match) || b.occurrence.start - a.occurrence.start || (a.change.id < b.change.id ? -1 : 1),
  )[0];
}
