import type { Change } from '@quell/contracts';
import { ChangeIndex } from './change-index';
import { ChangeList } from './change-source';
import type { ScopeSubject } from './scope-subject';
import { changeOf, scopeOf, windowOf } from './test/changes';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-03-20T00:00:00Z');

const subject = (parts: Partial<ScopeSubject>): ScopeSubject => ({
  hosts: [], ips: [], services: [], tags: [], eventClass: null, action: null, ruleId: null, ...parts,
});

/** A deterministic pseudo-random calendar: exact hosts, globs, CIDRs, services, tags; one-off and weekly. */
function calendar(count: number): Change[] {
  let seed = 7;
  const next = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
  return Array.from({ length: count }, (_, i) => {
    const start = NOW - 3 * DAY + next(10 * DAY);
    const scopes = [
      scopeOf({ hosts: [`host-${next(50)}`] }),
      scopeOf({ hosts: [`host-${next(5)}*`] }),
      scopeOf({ hosts: ['*.dmz'] }),
      scopeOf({ ips: [`10.0.${next(4)}.0/24`] }),
      scopeOf({ services: [`svc-${next(5)}`], rules: next(2) ? ['r1'] : [] }),
      scopeOf({ tags: ['pci'] }),
    ];
    const recurring = i % 10 === 0;
    return changeOf({
      id: `CHG-${i}`,
      tenant: i % 7 === 0 ? 'other' : 'acme',
      kind: i % 13 === 0 ? 'freeze' : 'normal',
      status: i % 11 === 0 ? 'requested' : 'approved',
      scope: scopes[next(scopes.length)],
      windows: [windowOf(start, start + (1 + next(6)) * HOUR, recurring ? { rrule: 'FREQ=WEEKLY', timeZone: 'Europe/Berlin' } : {})],
    });
  });
}

const ids = (hits: Array<{ change: Change }>) => hits.map((h) => h.change.id).sort();

describe('ChangeIndex', () => {
  const changes = calendar(400);
  const index = new ChangeIndex({ lookbackMs: 2 * DAY, horizonMs: 14 * DAY });
  index.rebuild(changes, NOW);
  const list = new ChangeList(changes.filter((c) => c.status === 'approved' || c.status === 'completed'));

  const subjects = [
    subject({ hosts: ['host-3'] }),
    subject({ hosts: ['host-17', 'web.dmz'] }),
    subject({ ips: ['10.0.2.77'] }),
    subject({ services: ['svc-1'], ruleId: 'r1' }),
    subject({ services: ['svc-1'], ruleId: 'r2' }),
    subject({ tags: ['pci'], hosts: ['host-40'] }),
  ];

  it('answers what a full scan answers, inside the horizon and beyond it', () => {
    let compared = 0;
    for (let at = NOW - 4 * DAY; at < NOW + 30 * DAY; at += 7 * HOUR) {
      for (const s of subjects) {
        expect({ at, s, ids: ids(index.activeAt('acme', s, at)) }).toEqual({ at, s, ids: ids(list.overlapping('acme', s, { from: at, to: at + 1 })) });
        compared += index.activeAt('acme', s, at).length;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('answers lookback queries (entities only) like a full scan', () => {
    const query = { from: NOW - 6 * HOUR, to: NOW + 1, entitiesOnly: true };
    for (const s of subjects) expect(ids(index.overlapping('acme', s, query))).toEqual(ids(list.overlapping('acme', s, query)));
  });

  it('keeps tenants apart', () => {
    const other = changeOf({ id: 'X', tenant: 'other', scope: scopeOf({ hosts: ['fw-1'] }), windows: [windowOf(NOW, NOW + HOUR)] });
    const small = new ChangeIndex({ lookbackMs: DAY, horizonMs: DAY });
    small.rebuild([other], NOW);
    expect(small.activeAt('acme', subject({ hosts: ['fw-1'] }), NOW)).toEqual([]);
    expect(ids(small.activeAt('other', subject({ hosts: ['fw-1'] }), NOW))).toEqual(['X']);
  });

  it('replaces a change on upsert, ignores an older version, and drops a cancelled one', () => {
    const small = new ChangeIndex({ lookbackMs: DAY, horizonMs: DAY });
    const v1 = changeOf({ windows: [windowOf(NOW, NOW + HOUR)] });
    small.rebuild([v1], NOW);
    const fw1 = subject({ hosts: ['fw-1'] });
    const v2 = changeOf({ version: 2, scope: scopeOf({ hosts: ['fw-2'] }), windows: [windowOf(NOW, NOW + HOUR)] });
    small.upsert(v2);
    expect(small.activeAt('acme', fw1, NOW)).toEqual([]);
    expect(ids(small.activeAt('acme', subject({ hosts: ['fw-2'] }), NOW))).toEqual(['CHG-1']);
    small.upsert(v1);
    expect(small.activeAt('acme', fw1, NOW)).toEqual([]);
    small.upsert({ ...v2, version: 3, status: 'cancelled' });
    expect(small.activeAt('acme', subject({ hosts: ['fw-2'] }), NOW)).toEqual([]);
    expect(small.size).toBe(0);
  });

  it('rolls its horizon forward and still finds weekly occurrences', () => {
    const weekly = changeOf({ windows: [windowOf(NOW, NOW + HOUR, { rrule: 'FREQ=WEEKLY' })] });
    const small = new ChangeIndex({ lookbackMs: DAY, horizonMs: 7 * DAY });
    small.rebuild([weekly], NOW);
    const later = NOW + 10 * 7 * DAY;
    small.advance(later);
    expect(ids(small.activeAt('acme', subject({ hosts: ['fw-1'] }), later + 30 * 60_000))).toEqual(['CHG-1']);
    expect(small.activeAt('acme', subject({ hosts: ['fw-1'] }), later + 2 * HOUR)).toEqual([]);
  });

  it('re-files a tenant after many replacements and keeps answering', () => {
    const small = new ChangeIndex({ lookbackMs: DAY, horizonMs: DAY });
    small.rebuild([], NOW);
    for (let version = 1; version <= 2_500; version++) small.upsert(changeOf({ version, windows: [windowOf(NOW, NOW + HOUR)] }));
    expect(small.size).toBe(1);
    expect(small.activeAt('acme', subject({ hosts: ['fw-1'] }), NOW).map((h) => h.change.version)).toEqual([2_500]);
  });

  it('sets aside a change whose recurrence cannot be expanded (a record validation never saw), and names it', () => {
    const runaway = changeOf({
      id: 'RUNAWAY',
      windows: [windowOf(NOW, NOW + HOUR, { rrule: 'FREQ=FORTNIGHTLY' })],
    });
    const fine = changeOf({ id: 'FINE', windows: [windowOf(NOW, NOW + HOUR)] });
    const small = new ChangeIndex({ lookbackMs: DAY, horizonMs: 30 * DAY });
    small.rebuild([runaway, fine], NOW);
    expect(ids(small.activeAt('acme', subject({ hosts: ['fw-1'] }), NOW))).toEqual(['FINE']);
    expect([...small.unexpandable.keys()]).toEqual(['RUNAWAY']);
    expect(small.unexpandable.get('RUNAWAY')).toBe('Invalid FREQ value: FORTNIGHTLY');
    // Beyond the horizon too, without trying the refused rule again for every alert.
    expect(small.activeAt('acme', subject({ hosts: ['fw-1'] }), NOW + 400 * DAY)).toEqual([]);
  });

  it('finds a one-off change that was beyond the horizon when the index was built, after the horizon rolls', () => {
    const future = changeOf({ windows: [windowOf(NOW + 20 * DAY, NOW + 20 * DAY + HOUR)] });
    const small = new ChangeIndex({ lookbackMs: DAY, horizonMs: 7 * DAY });
    small.rebuild([future], NOW);
    small.advance(NOW + 19 * DAY);
    expect(ids(small.activeAt('acme', subject({ hosts: ['fw-1'] }), NOW + 20 * DAY))).toEqual(['CHG-1']);
  });
});
