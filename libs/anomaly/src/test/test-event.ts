import { emptyEventParts, type Event } from '@quell/contracts';

let counter = 0;

/** A normalized event with empty optional parts; tests set what they need. */
export function testEvent(time: string, fields: Partial<Event> = {}): Event {
  counter += 1;
  return {
    id: `e-${counter}`,
    tenant: 'acme',
    time: Date.parse(time),
    ingestTime: Date.parse(time) + 1_000,
    source: { type: 'test', name: 'unit' },
    className: 'authentication',
    classUid: 3002,
    ...emptyEventParts(),
    action: 'logon',
    outcome: 'success',
    severity: 1,
    ...fields,
  };
}

export const logon = (time: string, user: string, host: string, fields: Partial<Event> = {}): Event =>
  testEvent(time, { user: { name: user, domain: null }, host: { name: host, ip: null }, ...fields });
