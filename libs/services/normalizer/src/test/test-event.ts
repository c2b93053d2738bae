import { randomUUID } from 'node:crypto';
import { emptyEventParts, type Event } from '@quell/contracts';

/** A normalized event for tests of the history writer; `overrides` replace top-level fields. */
export function testEvent(overrides: Partial<Event> = {}): Event {
  return {
    id: randomUUID(),
    tenant: 'acme',
    time: Date.parse('2026-11-28T10:00:00Z'),
    ingestTime: Date.parse('2026-11-28T10:00:01Z'),
    source: { type: 'test', name: 'test' },
    className: 'authentication',
    classUid: 3002,
    ...emptyEventParts(),
    action: 'logon',
    outcome: 'success',
    severity: 1,
    host: { name: 'web-1', ip: '10.0.0.1' },
    user: { name: 'alice', domain: null },
    ...overrides,
  };
}
