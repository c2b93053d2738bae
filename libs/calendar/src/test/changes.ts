import { emptyEventParts, type Alert, type Change, type ChangeScope, type ChangeWindow, type Event } from '@quell/contracts';

export const EMPTY_SCOPE: ChangeScope = { hosts: [], ips: [], services: [], tags: [], eventClasses: [], actions: [], rules: [] };

export function scopeOf(parts: Partial<ChangeScope>): ChangeScope {
  return { ...EMPTY_SCOPE, ...parts };
}

export function windowOf(start: number, end: number, parts: Partial<ChangeWindow> = {}): ChangeWindow {
  return { start, end, rrule: null, timeZone: 'UTC', exdates: [], ...parts };
}

export function changeOf(overrides: Partial<Change> = {}): Change {
  return {
    id: 'CHG-1',
    tenant: 'acme',
    title: 'firewall upgrade',
    ticketRef: null,
    kind: 'normal',
    status: 'approved',
    scope: scopeOf({ hosts: ['fw-1'] }),
    windows: [windowOf(500, 2_000)],
    owner: null,
    approver: 'cab',
    approvals: [],
    version: 1,
    ...overrides,
  };
}

export function alertOf(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'a1',
    tenant: 'acme',
    rule: { id: 'r1', title: 't', version: '1', level: 'high', author: null, tags: [] },
    kind: 'detection',
    entities: [{ type: 'host', value: 'fw-1' }],
    fingerprint: 'fp',
    firstSeen: 1_000,
    lastSeen: 1_000,
    eventCount: 1,
    sampleEventIds: [],
    tactics: [],
    techniques: [],
    killChainPhase: null,
    explanation: null,
    details: {},
    suppression: { state: 'none', changeId: null, reason: null },
    dedup: null,
    ...overrides,
  };
}

/** A config_change event on a host, the fields screening reads filled, the rest empty. */
export function configChangeOf(host: string, time: number, overrides: Partial<Event> = {}): Event {
  return {
    ...emptyEventParts(),
    id: `e-${host}-${time}`,
    tenant: 'acme',
    time,
    ingestTime: time,
    source: { type: 'syslog', name: 'fw' },
    className: 'config_change',
    classUid: 5019,
    action: 'rule_modified',
    host: { name: host, ip: null },
    user: { name: 'admin', domain: null },
    ...overrides,
  };
}
