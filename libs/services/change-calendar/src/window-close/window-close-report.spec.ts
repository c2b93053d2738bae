import type { Change } from '@quell/contracts';
import { NOT_SEEN_RULE, SCOPE_DRIFT_RULE, splitByScope, windowCloseAlertsOf, type ConfigChangeSource } from './window-close-report';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T00:00:00Z');
const OCCURRENCE = { start: T0, end: T0 + 2 * HOUR };

function change(overrides: Partial<Change> = {}): Change {
  return {
    id: 'chg-31', tenant: 'acme', title: 'Firewall maintenance', ticketRef: 'CHG0031', kind: 'normal', status: 'approved',
    scope: { hosts: ['fw-01', 'edge-*'], ips: ['10.1.0.0/16'], services: [], tags: [], eventClasses: [], actions: [], rules: [] },
    windows: [{ start: T0, end: T0 + 2 * HOUR, rrule: null, timeZone: 'UTC', exdates: [] }],
    owner: 'netops', approver: 'cab', approvals: [], version: 1, ...overrides,
  };
}

const source = (host: string | null, ip: string | null = null, events = 1): ConfigChangeSource => ({ host, ip, events, firstAt: T0 + 60_000 });

describe('window-close report', () => {
  it('splits devices by the scope: exact host, glob and CIDR inside, the rest outside', () => {
    const { inside, outside } = splitByScope(change(), [source('FW-01'), source('edge-7'), source(null, '10.1.2.3'), source('db-01'), source(null, '192.0.2.9')]);
    expect(inside.map((s) => s.host ?? s.ip)).toEqual(['FW-01', 'edge-7', '10.1.2.3']);
    expect(outside.map((s) => s.host ?? s.ip)).toEqual(['db-01', '192.0.2.9']);
  });

  it('reports scope drift naming the out-of-scope devices, and nothing else when the change was seen', () => {
    const alerts = windowCloseAlertsOf(change(), OCCURRENCE, [source('fw-01', null, 3), source('db-01', null, 2), source(null, '192.0.2.9')]);
    expect(alerts.map((a) => a.rule.id)).toEqual([SCOPE_DRIFT_RULE]);
    const [drift] = alerts;
    expect(drift).toMatchObject({ tenant: 'acme', kind: 'change', eventCount: 3, firstSeen: OCCURRENCE.start, lastSeen: OCCURRENCE.end });
    expect(drift.entities).toEqual([{ type: 'host', value: 'db-01' }, { type: 'ip', value: '192.0.2.9' }]);
    expect(drift.details['change.drift.hosts']).toBe('db-01,192.0.2.9');
    expect(drift.details['change.id']).toBe('chg-31');
    expect(drift.explanation).toContain('CHG0031');
    expect(drift.suppression).toEqual({ state: 'annotated', changeId: 'chg-31', reason: 'window of change CHG0031 closed' });
  });

  it('reports a change never seen when nothing matched its scope (with or without drift)', () => {
    expect(windowCloseAlertsOf(change(), OCCURRENCE, []).map((a) => a.rule.id)).toEqual([NOT_SEEN_RULE]);
    const both = windowCloseAlertsOf(change(), OCCURRENCE, [source('db-01')]);
    expect(both.map((a) => a.rule.id)).toEqual([SCOPE_DRIFT_RULE, NOT_SEEN_RULE]);
    expect(both[1]).toMatchObject({ eventCount: 0, entities: [{ type: 'host', value: 'fw-01' }] });
  });

  it('derives ids from change id and occurrence: the same on a refire, different for the next occurrence', () => {
    const first = windowCloseAlertsOf(change(), OCCURRENCE, []);
    expect(windowCloseAlertsOf(change({ version: 2 }), OCCURRENCE, [])[0].id).toBe(first[0].id);
    const next = { start: OCCURRENCE.start + 24 * HOUR, end: OCCURRENCE.end + 24 * HOUR };
    expect(windowCloseAlertsOf(change(), next, [])[0].id).not.toBe(first[0].id);
    expect(windowCloseAlertsOf(change(), next, [])[0].fingerprint).toBe(first[0].fingerprint);
  });

  it('names at most 50 devices and counts the rest', () => {
    const many = Array.from({ length: 60 }, (_, i) => source(`srv-${i}`));
    const [drift] = windowCloseAlertsOf(change(), OCCURRENCE, many);
    expect(drift.entities).toHaveLength(50);
    expect(drift.explanation).toContain('and 10 more');
    expect(drift.details['change.drift.deviceCount']).toBe('60');
  });
});
