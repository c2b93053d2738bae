import { findOverlaps, sharedScope } from './change-overlaps';
import { changeOf, scopeOf, windowOf } from './test/changes';

describe('findOverlaps', () => {
  it('reports changes of one tenant whose windows and scopes overlap, once per pair', () => {
    const a = changeOf({ id: 'A', scope: scopeOf({ hosts: ['fw-*'] }), windows: [windowOf(0, 100), windowOf(200, 300)] });
    const b = changeOf({ id: 'B', scope: scopeOf({ hosts: ['fw-1'] }), windows: [windowOf(50, 150), windowOf(250, 260)] });
    const c = changeOf({ id: 'C', scope: scopeOf({ hosts: ['db-1'] }), windows: [windowOf(0, 300)] });
    const d = changeOf({ id: 'D', tenant: 'other', scope: scopeOf({ hosts: ['fw-1'] }), windows: [windowOf(0, 300)] });
    const e = changeOf({ id: 'E', status: 'cancelled', windows: [windowOf(0, 300)] });
    expect(findOverlaps([a, b, c, d, e], 0, 1_000)).toEqual([{ changeIds: ['A', 'B'], start: 50, end: 100, shared: ['host fw-* ~ fw-1'] }]);
  });

  it('does not report back-to-back windows (end excluded)', () => {
    const a = changeOf({ id: 'A', windows: [windowOf(0, 100)] });
    const b = changeOf({ id: 'B', windows: [windowOf(100, 200)] });
    expect(findOverlaps([a, b], 0, 1_000)).toEqual([]);
  });

  it('finds overlaps of recurring windows', () => {
    const weekly = changeOf({ id: 'W', windows: [windowOf(0, 3_600_000, { rrule: 'FREQ=WEEKLY' })] });
    const once = changeOf({ id: 'O', windows: [windowOf(14 * 86_400_000 + 60_000, 14 * 86_400_000 + 120_000)] });
    expect(findOverlaps([weekly, once], 0, 30 * 86_400_000)).toEqual([
      { changeIds: ['O', 'W'], start: 14 * 86_400_000 + 60_000, end: 14 * 86_400_000 + 120_000, shared: ['host fw-1 ~ fw-1'] },
    ]);
  });
});

describe('sharedScope', () => {
  it('compares CIDRs, services and tags', () => {
    expect(sharedScope(scopeOf({ ips: ['10.0.0.0/8'], services: ['VPN'], tags: ['pci'] }), scopeOf({ ips: ['10.1.2.3'], services: ['vpn'], tags: ['sox'] }))).toEqual([
      'ip 10.0.0.0/8 ~ 10.1.2.3',
      'service VPN',
    ]);
    expect(sharedScope(scopeOf({ ips: ['10.0.0.0/16'] }), scopeOf({ ips: ['10.1.0.0/16'] }))).toEqual([]);
  });
});
