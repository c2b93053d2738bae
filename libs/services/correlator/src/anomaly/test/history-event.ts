import { randomUUID } from 'node:crypto';
import { emptyEventParts, type Event } from '@quell/contracts';

/** A normalized event for seeding history; tests set the parts they need. */
export function historyEvent(time: string, fields: Partial<Event> = {}): Event {
  const at = Date.parse(time);
  return {
    id: randomUUID(),
    tenant: 'acme',
    time: at,
    ingestTime: at + 1_000,
    source: { type: 'test', name: 'seed' },
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
  historyEvent(time, { user: { name: user, domain: null }, host: { name: host, ip: null }, ...fields });

/** `count` events spread over the hour starting at `hourStart` (one a minute apart, from :01). */
export function spread(hourStart: string, count: number, make: (time: string) => Event): Event[] {
  const start = Date.parse(hourStart);
  return Array.from({ length: count }, (_, i) => make(new Date(start + (i + 1) * 60_000).toISOString()));
}
