import type { Event } from '@quell/contracts';
import type { EntityKind, EventFilter, ValueKind } from './anomaly-rule';

/**
 * ASCII-only lower-casing, the same as ClickHouse's `lower()` behind the `user_key` column, so a
 * name from an event and the same name read back from history compare equal.
 */
export function lowerAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/**
 * An attribute's value in the form history stores it: user names lower-cased (`user_key`), process
 * names lower-cased, host names as the normalizer wrote them (already lower-cased). Empty → absent.
 */
export function attributeOf(event: Event, kind: ValueKind): string | undefined {
  let value: string | null | undefined;
  if (typeof kind === 'object') value = event.original[kind.originalField];
  else if (kind === 'host') value = event.host?.name;
  else if (kind === 'user') value = event.user?.name === undefined ? undefined : lowerAscii(event.user.name);
  else if (kind === 'src_ip') value = event.src?.ip;
  else value = event.process?.name == null ? undefined : lowerAscii(event.process.name);
  return value ? value : undefined;
}

export function matchesFilter(event: Event, filter: EventFilter): boolean {
  return (
    (filter.className.length === 0 || filter.className.includes(event.className)) &&
    (filter.action.length === 0 || (event.action !== null && filter.action.includes(event.action))) &&
    (filter.outcome.length === 0 || filter.outcome.includes(event.outcome))
  );
}

/** The Alert entity type of an attribute (a source address is an `ip`, as in detection alerts). */
export function entityTypeOf(kind: ValueKind | EntityKind): string {
  if (typeof kind === 'object') return kind.originalField;
  return kind === 'src_ip' ? 'ip' : kind;
}

export function describeFilter(filter: EventFilter): string {
  const parts = (['className', 'action', 'outcome'] as const)
    .filter((key) => filter[key].length > 0)
    .map((key) => `${key}=${filter[key].join('|')}`);
  return parts.length === 0 ? 'all events' : parts.join(', ');
}
