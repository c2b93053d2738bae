import { emptyEventParts, type Event } from '@quell/contracts';

/** A Windows-looking event whose `original` holds the given fields; other Event fields as given. */
export function eventWith(original: Record<string, string>, overrides: Partial<Event> = {}): Event {
  return {
    id: 'e1',
    tenant: 't',
    time: Date.parse('2026-03-04T05:06:07Z'),
    ingestTime: 0,
    source: { type: 'file', name: 'test' },
    className: 'other',
    classUid: 0,
    ...emptyEventParts(),
    original,
    ...overrides,
  };
}
