import { ChangeList } from './change-source';
import { screenConfigChange } from './screen-config-change';
import { changeOf, configChangeOf, scopeOf, windowOf } from './test/changes';

// The firewall story: an approved change on fw-01 from 01:00 to 03:00 Europe/Berlin.
const at = (iso: string) => Date.parse(iso);
const approved = changeOf({
  id: 'CHG0031', title: 'VPN rule update', owner: 'netops', scope: scopeOf({ hosts: ['fw-01'], eventClasses: ['config_change'] }),
  windows: [windowOf(at('2026-11-28T01:00:00+01:00'), at('2026-11-28T03:00:00+01:00'), { timeZone: 'Europe/Berlin' })],
});
const freeze = changeOf({
  id: 'FRZ-1', kind: 'freeze', title: 'no firewall changes after hours', scope: scopeOf({ hosts: ['fw-*'] }),
  windows: [windowOf(at('2026-11-27T20:00:00+01:00'), at('2026-11-28T06:00:00+01:00'), { rrule: 'FREQ=DAILY', timeZone: 'Europe/Berlin' })],
});

describe('screenConfigChange', () => {
  it('a config change inside an approved change raises nothing', () => {
    const verdict = screenConfigChange(configChangeOf('fw-01', at('2026-11-28T01:30:00+01:00')), new ChangeList([approved]));
    expect(verdict).toEqual({ cover: expect.objectContaining({ id: 'CHG0031', owner: 'netops' }), freezes: [], finding: null });
  });

  it('the same change at 04:00 is unapproved, and names the nearest change', () => {
    const verdict = screenConfigChange(configChangeOf('fw-01', at('2026-11-28T04:00:00+01:00')), new ChangeList([approved]));
    expect(verdict.cover).toBeNull();
    expect(verdict.finding).toEqual({
      type: 'unapproved-change', severity: 'medium', reason: 'no approved change covers this change',
      nearest: { change: expect.objectContaining({ id: 'CHG0031' }), distanceMs: 3_600_000 },
    });
  });

  it('an approved change inside a freeze is high severity', () => {
    const verdict = screenConfigChange(configChangeOf('fw-01', at('2026-11-28T01:30:00+01:00')), new ChangeList([approved, freeze]));
    expect(verdict.finding).toMatchObject({ type: 'change-in-freeze', severity: 'high', reason: 'approved change "VPN rule update" inside freeze "no firewall changes after hours"' });
  });

  it('an unapproved change inside a freeze is high severity too', () => {
    const verdict = screenConfigChange(configChangeOf('fw-02', at('2026-11-29T23:00:00+01:00')), new ChangeList([approved, freeze]));
    expect(verdict.finding).toMatchObject({ type: 'unapproved-change', severity: 'high', nearest: null });
  });

  it('matches a change scoped by the device address when the log names the observer', () => {
    const byIp = changeOf({ scope: scopeOf({ ips: ['192.0.2.0/24'] }), windows: [windowOf(0, 10_000)] });
    const event = configChangeOf('unknown', 5_000, { host: null, observer: { vendor: 'Palo Alto', product: 'PAN-OS', version: null, hostname: null, ip: '192.0.2.1', type: 'firewall' } });
    expect(screenConfigChange(event, new ChangeList([byIp])).cover?.id).toBe('CHG-1');
  });
});
