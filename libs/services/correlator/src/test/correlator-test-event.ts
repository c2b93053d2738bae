import { randomUUID } from 'node:crypto';
import { emptyEventParts, type Event } from '@quell/contracts';

export const T0 = Date.parse('2026-11-28T10:00:00Z');

/** A normalized logon event at `T0 + seconds`; `srcIp` null leaves the source address out. */
export function logonEvent(outcome: 'failure' | 'success', seconds: number, srcIp: string | null, overrides: Partial<Event> = {}): Event {
  return {
    id: randomUUID(),
    tenant: 'acme',
    time: T0 + seconds * 1000,
    ingestTime: T0 + seconds * 1000 + 5,
    source: { type: 'linux-sshd', name: 'test' },
    className: 'authentication',
    classUid: 3002,
    ...emptyEventParts(),
    action: 'logon',
    outcome,
    severity: 1,
    host: { name: 'bastion-1', ip: '10.0.0.1' },
    user: { name: 'root', domain: null },
    src: srcIp ? { ip: srcIp, port: 50000 } : null,
    message: `${outcome} logon`,
    original: { 'event.outcome': outcome, ...(srcIp ? { src_ip: srcIp } : {}) },
    ...overrides,
  };
}
