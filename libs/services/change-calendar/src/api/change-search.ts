import type { Change } from '@quell/contracts';
import { entityMatch, occurrencesOverlapping, type ScopeSubject } from '@quell/calendar';
import { decodeCursor, encodeCursor, type SearchQuery } from './change-requests';

export interface SearchPage {
  changes: Change[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** One page of a tenant's changes matching every filter given, in id order. */
export function searchChanges(changes: Iterable<Change>, query: SearchQuery): SearchPage {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const subject = subjectOf(query);
  const matching = [...changes]
    .filter((c) => after === undefined || c.id > after)
    .filter((c) => !query.status || c.status === query.status)
    .filter((c) => !query.ticketRef || c.ticketRef === query.ticketRef)
    .filter((c) => !subject || entityMatch(c.scope, subject) !== null)
    .filter((c) => inRange(c, query.from, query.to))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const page = matching.slice(0, query.limit);
  const more = matching.length > page.length;
  return { changes: page, nextCursor: more ? encodeCursor(page[page.length - 1].id) : null };
}

function subjectOf(query: SearchQuery): ScopeSubject | null {
  if (!query.host && !query.ip && !query.service && !query.tag) return null;
  const one = (value: string | undefined) => (value ? [value.toLowerCase()] : []);
  return { hosts: one(query.host), ips: query.ip ? [query.ip] : [], services: one(query.service), tags: one(query.tag), eventClass: null, action: null, ruleId: null };
}

function inRange(change: Change, from: number | undefined, to: number | undefined): boolean {
  if (from === undefined && to === undefined) return true;
  const start = from ?? 0;
  const end = to ?? Number.MAX_SAFE_INTEGER;
  return change.windows.some((w) => occurrencesOverlapping(w, start, end).length > 0);
}
