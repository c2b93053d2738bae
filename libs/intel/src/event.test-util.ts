import { emptyEventParts, type Event } from '@quell/contracts';

/** A normalized event with nothing set but what the test gives. */
export function testEvent(overrides: Partial<Event> = {}): Event {
  return {
    id: 'evt-1',
    tenant: 'acme',
    time: Date.parse('2026-11-01T10:00:00Z'),
    ingestTime: Date.parse('2026-11-01T10:00:01Z'),
    source: { type: 'test', name: 'test' },
    className: 'network',
    classUid: 4001,
    ...emptyEventParts(),
    ...overrides,
  };
}
