import type { Change } from '@quell/contracts';
import { entityMatch, filtersMatch, type ScopeMatchKind } from './scope-match';
import type { ScopeSubject } from './scope-subject';
import { occurrencesOverlapping, type Occurrence } from './window-occurrences';

/** A change whose occurrence overlaps the time asked about, and how its scope reached the subject. */
export interface ChangeHit {
  change: Change;
  occurrence: Occurrence;
  match: ScopeMatchKind;
}

export interface ChangeQuery {
  /** Occurrences overlapping [from, to). */
  from: number;
  to: number;
  /** Match the entities only, not the scope's event classes, actions and rules (related-change context). */
  entitiesOnly?: boolean;
}

/** Where screening finds changes: the ChangeIndex in a service, a plain list in tests and tools. */
export interface ChangeSource {
  overlapping(tenant: string, subject: ScopeSubject, query: ChangeQuery): ChangeHit[];
}

/** A ChangeSource that checks every change: right for a handful, the index is for thousands. */
export class ChangeList implements ChangeSource {
  constructor(private readonly changes: readonly Change[]) {}

  overlapping(tenant: string, subject: ScopeSubject, query: ChangeQuery): ChangeHit[] {
    const hits: ChangeHit[] = [];
    for (const change of this.changes) {
      if (change.tenant !== tenant || (!query.entitiesOnly && !filtersMatch(change.scope, subject))) continue;
      const match = entityMatch(change.scope, subject);
      if (!match) continue;
      const occurrence = change.windows
        .flatMap((w) => occurrencesOverlapping(w, query.from, query.to))
        .sort((a, b) => b.start - a.start)[0];
      if (occurrence) hits.push({ change, occurrence, match });
    }
    return hits;
  }
}
