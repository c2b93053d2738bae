import type { ChangeSource } from './change-source';
import { refOf, type ChangeRef, isFreeze } from './change-ref';
import { scopeRank, type ScopeMatchKind } from './scope-match';
import type { ScopeSubject } from './scope-subject';

/** A change that touched an alert's entities shortly before it: context, never a reason to drop. */
export interface RelatedChange {
  change: ChangeRef;
  /** The occurrence that touched the entities. */
  start: number;
  end: number;
  /** How long before the alert the occurrence ended; 0 when it was still open. */
  gapMs: number;
  match: ScopeMatchKind;
}

export interface RelatedChangeOptions {
  lookbackMs: number;
  /** How many to keep, closest first. */
  limit: number;
}

const RELATED_STATUSES = new Set(['approved', 'completed']);

/**
 * DESIGN.md "Related changes": changes whose scope names the subject's entities with an occurrence
 * within the lookback before `at`, closest in time first, then the most specific scope match.
 */
export function relatedChanges(
  source: ChangeSource,
  tenant: string,
  subject: ScopeSubject,
  at: number,
  options: RelatedChangeOptions,
): RelatedChange[] {
  return source
    .overlapping(tenant, subject, { from: at - options.lookbackMs, to: at + 1, entitiesOnly: true })
    .filter((hit) => RELATED_STATUSES.has(hit.change.status) && !isFreeze(hit.change))
    .map((hit) => ({
      change: refOf(hit.change),
      start: hit.occurrence.start,
      end: hit.occurrence.end,
      gapMs: Math.max(0, at - hit.occurrence.end),
      match: hit.match,
    }))
    .sort((a, b) => a.gapMs - b.gapMs || scopeRank(a.match) - scopeRank(b.match) || b.start - a.start || (a.change.id < b.change.id ? -1 : 1))
    .slice(0, options.limit);
}
