import type { Alert, Change } from '@quell/contracts';
import { refOf, isApproved, isFreeze, type ChangeRef } from './change-ref';
import { ChangeList, type ChangeHit, type ChangeSource } from './change-source';
import type { ConfigChangeLog } from './recent-config-changes';
import { relatedChanges, type RelatedChange, type RelatedChangeOptions } from './related-changes';
import { scopeRank } from './scope-match';
import { subjectOfAlert } from './scope-subject';
import { DEFAULT_SCREENING_POLICY, type ScreeningAction, type ScreeningPolicy } from './screening-policy';

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
  /** What the screening policy made of the covered alert; null when nothing covers it. */
  action: ScreeningAction | null;
  /** Approved freeze windows in force for the alert's entities at its time. */
  freezes: ChangeRef[];
  finding: FreezeFinding | null;
  /** Only for an alert that is not suppressed (DESIGN.md "Related changes"); an annotated one lists its cover as `covers`. */
  related: RelatedChange[];
}

export interface ScreenOptions {
  related?: RelatedChangeOptions;
  /** Suppress or annotate a covered alert (default: DEFAULT_SCREENING_POLICY). */
  policy?: ScreeningPolicy;
  /** Config_change events seen per host, listed among the related changes. */
  configChanges?: ConfigChangeLog;
}

export const DEFAULT_RELATED: RelatedChangeOptions = { lookbackMs: 4 * 3_600_000, limit: 5 };

/** Alert details of the covering change (beside suppression.changeId and reason). */
export const COVER_DETAIL = 'change.cover';

/**
 * DESIGN.md "Suppression by change", judged at the alert's event time (firstSeen), not its arrival:
 * - an approved change whose window holds that time and whose scope matches covers the alert; the
 *   screening policy says whether it is suppressed (kept, marked) or only annotated, and the alert
 *   carries the change id, title and owner (suppression, details `change.cover.*`);
 * - if an approved freeze window covers the same entities then, the change is itself a governance
 *   problem: a high-severity finding names both, and the policy is asked with change kind `freeze`
 *   (annotated by default, so it stays on the paging path);
 * - an alert that is not suppressed lists the related changes.
 */
export function screenAlertVerdict(alert: Alert, source: ChangeSource, options: ScreenOptions = {}): AlertVerdict {
  const subject = subjectOfAlert(alert);
  const at = alert.firstSeen;
  const active = source.overlapping(alert.tenant, subject, { from: at, to: at + 1 }).filter((hit) => isApproved(hit.change));
  const coverHit = mostSpecific(active.filter((hit) => !isFreeze(hit.change)));
  const freezes = active.filter((hit) => isFreeze(hit.change)).map((hit) => refOf(hit.change));
  const related = (cover: ChangeRef | null) =>
    relatedChanges(source, alert.tenant, subject, at, options.related ?? DEFAULT_RELATED, { cover, configChanges: options.configChanges });
  if (!coverHit) return { alert, cover: null, action: null, freezes, finding: null, related: related(null) };

  const change = refOf(coverHit.change);
  const freeze = freezes[0];
  const policy = options.policy ?? DEFAULT_SCREENING_POLICY;
  const { action, because } = policy.decide({ tenant: alert.tenant, changeKind: freeze ? 'freeze' : change.kind, level: alert.rule.level, alertKind: alert.kind });
  const finding: FreezeFinding | null = freeze
    ? { type: 'change-in-freeze', severity: 'high', change, freeze, reason: `approved change "${change.title}" falls in freeze "${freeze.title}"` }
    : null;
  const owner = change.owner ? ` (owner ${change.owner})` : '';
  const covered = finding ? finding.reason : `covered by approved change "${change.title}"${owner}`;
  const reason = action === 'suppress' ? covered : `${covered}: annotated, not suppressed`;
  const details = { ...alert.details, ...coverDetails(change, because), ...(freeze ? { 'change.freeze.id': freeze.id, 'change.freeze.title': freeze.title } : {}) };
  const state = action === 'suppress' ? 'suppressed' : 'annotated';
  return {
    alert: { ...alert, details, suppression: { state, changeId: change.id, reason } },
    cover: change,
    action,
    freezes,
    finding,
    related: action === 'suppress' ? [] : related(change),
  };
}

function coverDetails(change: ChangeRef, because: string): Record<string, string> {
  const details: Record<string, string> = { [`${COVER_DETAIL}.id`]: change.id, [`${COVER_DETAIL}.title`]: change.title, [`${COVER_DETAIL}.kind`]: change.kind };
  if (change.owner) details[`${COVER_DETAIL}.owner`] = change.owner;
  if (change.ticketRef) details[`${COVER_DETAIL}.ticketRef`] = change.ticketRef;
  details[`${COVER_DETAIL}.policy`] = because;
  return details;
}

/** The alert as screened against a list of changes (the walking skeleton's call; services use an index). */
export function screenAlert(alert: Alert, changes: readonly Change[] | ChangeSource, options: ScreenOptions = {}): Alert {
  return screenAlertVerdict(alert, isSource(changes) ? changes : new ChangeList(changes), options).alert;
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
