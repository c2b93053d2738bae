import type { Event } from '@quell/contracts';

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
    action: null,
    outcome: 'unknown',
    severity: 0,
    host: null,
    user: null,
    src: null,
    dst: null,
    process: null,
    service: null,
    message: null,
    tags: [],
    original,
    rawText: null,
    attackTechniques: [],
    late: false,
    parseWarnings: [],
    ...overrides,
  };
}
