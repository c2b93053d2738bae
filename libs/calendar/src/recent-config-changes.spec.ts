import { RecentConfigChanges, type ConfigChangeSeen } from './recent-config-changes';

const seen = (host: string, time: number, eventId = `${host}-${time}`): ConfigChangeSeen => ({ tenant: 'acme', host, eventId, time, action: 'rule_modified', actor: 'admin' });

describe('RecentConfigChanges', () => {
  it('answers the events on the hosts asked in a time range, newest first; a replayed event is kept once', () => {
    const log = new RecentConfigChanges();
    [seen('fw-1', 100), seen('fw-1', 300), seen('fw-1', 300), seen('fw-2', 200), seen('fw-3', 250)].forEach((e) => log.record(e));
    expect(log.near('acme', ['fw-1', 'fw-2'], 150, 400).map((e) => e.eventId)).toEqual(['fw-1-300', 'fw-2-200']);
    expect(log.near('globex', ['fw-1'], 0, 400)).toEqual([]);
  });

  it('stays bounded: events per host, hosts (least recently changed forgotten first) and age', () => {
    const log = new RecentConfigChanges({ perHost: 2, hosts: 2, retentionMs: 1_000 });
    [seen('fw-1', 1), seen('fw-1', 2), seen('fw-1', 3)].forEach((e) => log.record(e));
    expect(log.near('acme', ['fw-1'], 0, 10).map((e) => e.time)).toEqual([3, 2]);
    log.record(seen('fw-2', 4));
    log.record(seen('fw-3', 5));
    expect(log.size).toBe(2);
    expect(log.near('acme', ['fw-1'], 0, 10)).toEqual([]);
    log.record(seen('fw-2', 2_000));
    expect(log.near('acme', ['fw-2'], 0, 3_000).map((e) => e.time)).toEqual([2_000]);
  });
});
