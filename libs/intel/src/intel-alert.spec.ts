import { testEvent } from './event.test-util';
import { intelAlertOf } from './intel-alert';
import { IntelHit } from './watchlist-index';

const hit: IntelHit = { list: 'c2', indicator: '198.51.100.0/24', kind: 'ip', field: 'dst.ip', value: '198.51.100.7', description: 'C2 range', stixId: 'indicator--1' };
const event = testEvent({ id: 'evt-42', host: { name: 'ws1', ip: null }, user: { name: 'Alice', domain: null }, dst: { ip: '198.51.100.7', port: 443 } });

describe('intelAlertOf', () => {
  it('builds an intel alert naming the list and the indicator', () => {
    const alert = intelAlertOf(event, hit);
    expect(alert).toMatchObject({
      tenant: 'acme',
      kind: 'intel',
      rule: { id: 'intel:c2', title: 'Watchlist match: c2', level: 'high', tags: [] },
      firstSeen: event.time,
      lastSeen: event.time,
      eventCount: 1,
      sampleEventIds: ['evt-42'],
      suppression: { state: 'none', changeId: null, reason: null },
      dedup: null,
    });
    expect(alert.entities).toEqual([
      { type: 'host', value: 'ws1' },
      { type: 'user', value: 'alice' },
      { type: 'ip', value: '198.51.100.7' },
      { type: 'indicator', value: '198.51.100.0/24' },
    ]);
    expect(alert.explanation).toBe('ip 198.51.100.7 (indicator 198.51.100.0/24) in field dst.ip is on watchlist c2: C2 range');
    expect(alert.details).toEqual({
      'intel.list': 'c2',
      'intel.indicator': '198.51.100.0/24',
      'intel.kind': 'ip',
      'intel.field': 'dst.ip',
      'intel.value': '198.51.100.7',
      'intel.stix_id': 'indicator--1',
      'intel.description': 'C2 range',
    });
  });

  it('takes the level from the hit, and derives a stable id and fingerprint', () => {
    expect(intelAlertOf(event, { ...hit, severity: 'critical' }).rule.level).toBe('critical');
    const a = intelAlertOf(event, hit);
    expect(intelAlertOf(event, { ...hit, field: 'original.DestinationIp' }).id).toBe(a.id);
    expect(intelAlertOf({ ...event, id: 'evt-43' }, hit).id).not.toBe(a.id);
    expect(intelAlertOf({ ...event, id: 'evt-43' }, hit).fingerprint).toBe(a.fingerprint);
    expect(intelAlertOf(event, { ...hit, list: 'other' }).fingerprint).not.toBe(a.fingerprint);
    expect(intelAlertOf({ ...event, host: { name: 'ws2', ip: null } }, hit).fingerprint).not.toBe(a.fingerprint);
  });
});
