import { screenAlert, screenAlertVerdict } from './screen-alert';
import { ChangeList } from './change-source';
import { RecentConfigChanges } from './recent-config-changes';
import { parseScreeningPolicy } from './screening-policy';
import { alertOf, changeOf, scopeOf, windowOf } from './test/changes';

const alert = alertOf();
const change = changeOf;
const HOUR = 3_600_000;

describe('screenAlert', () => {
  it('passes an alert through untouched when the calendar is empty', () => {
    expect(screenAlert(alert, [])).toBe(alert);
  });

  it('suppresses, and keeps, an alert an approved change covers', () => {
    expect(screenAlert(alert, [change()]).suppression).toEqual({
      state: 'suppressed', changeId: 'CHG-1', reason: 'covered by approved change "firewall upgrade"',
    });
  });

  it('names the change owner in the reason', () => {
    expect(screenAlert(alert, [change({ owner: 'netops' })]).suppression.reason).toBe('covered by approved change "firewall upgrade" (owner netops)');
  });

  it('includes the window start and excludes its end', () => {
    expect(screenAlert(alert, [change({ windows: [windowOf(1_000, 2_000)] })]).suppression.state).toBe('suppressed');
    expect(screenAlert(alert, [change({ windows: [windowOf(0, 1_000)] })]).suppression.state).toBe('none');
  });

  it('ignores changes that are not approved, of another tenant, or out of scope', () => {
    expect(screenAlert(alert, [change({ status: 'requested' })]).suppression.state).toBe('none');
    expect(screenAlert(alert, [change({ tenant: 'other' })]).suppression.state).toBe('none');
    expect(screenAlert(alert, [change({ scope: scopeOf({ hosts: ['fw-2'] }) })]).suppression.state).toBe('none');
    expect(screenAlert(alert, [change({ scope: scopeOf({ hosts: ['fw-1'], rules: ['r9'] }) })]).suppression.state).toBe('none');
  });

  it('judges the alert at its event time, not its arrival', () => {
    const late = alertOf({ firstSeen: 1_000, lastSeen: 9_000 });
    expect(screenAlert(late, [change({ windows: [windowOf(500, 2_000)] })]).suppression.state).toBe('suppressed');
  });

  it('matches globs, CIDRs, services and asset tags', () => {
    const onIp = alertOf({ entities: [{ type: 'ip', value: '10.1.2.3' }] });
    expect(screenAlert(alert, [change({ scope: scopeOf({ hosts: ['FW-*'] }) })]).suppression.state).toBe('suppressed');
    expect(screenAlert(onIp, [change({ scope: scopeOf({ ips: ['10.1.0.0/16'] }) })]).suppression.state).toBe('suppressed');
    expect(screenAlert(alertOf({ entities: [{ type: 'service', value: 'vpn' }] }), [change({ scope: scopeOf({ services: ['VPN'] }) })]).suppression.state).toBe('suppressed');
    expect(screenAlert(alertOf({ entities: [{ type: 'tag', value: 'pci' }] }), [change({ scope: scopeOf({ tags: ['pci'] }) })]).suppression.state).toBe('suppressed');
  });

  it('picks the most specific covering change', () => {
    const broad = change({ id: 'CHG-glob', scope: scopeOf({ hosts: ['fw-*'] }) });
    const exact = change({ id: 'CHG-exact' });
    expect(screenAlert(alert, [broad, exact]).suppression.changeId).toBe('CHG-exact');
    expect(screenAlert(alert, [exact, broad]).suppression.changeId).toBe('CHG-exact');
  });
});

describe('screenAlertVerdict', () => {
  it('carries the covering change id, title and owner', () => {
    const verdict = screenAlertVerdict(alert, new ChangeList([change({ owner: 'netops', ticketRef: 'CHG0031' })]));
    expect(verdict.cover).toEqual({ id: 'CHG-1', title: 'firewall upgrade', owner: 'netops', ticketRef: 'CHG0031', kind: 'normal' });
    expect(verdict.finding).toBeNull();
  });

  it('an approved change inside a freeze window is annotated, not suppressed, with a high-severity finding', () => {
    const freeze = change({ id: 'FRZ-1', kind: 'freeze', title: 'no firewall changes after hours', scope: scopeOf({ hosts: ['fw-*'] }), windows: [windowOf(0, 10_000)] });
    const verdict = screenAlertVerdict(alert, new ChangeList([change(), freeze]));
    expect(verdict.alert.suppression).toEqual({
      state: 'annotated', changeId: 'CHG-1', reason: 'approved change "firewall upgrade" falls in freeze "no firewall changes after hours": annotated, not suppressed',
    });
    expect(verdict.finding).toMatchObject({ type: 'change-in-freeze', severity: 'high', change: { id: 'CHG-1' }, freeze: { id: 'FRZ-1' } });
  });

  it('a freeze alone neither suppresses nor raises a finding for an ordinary alert', () => {
    const freeze = change({ id: 'FRZ-1', kind: 'freeze', windows: [windowOf(0, 10_000)] });
    const verdict = screenAlertVerdict(alert, new ChangeList([freeze]));
    expect(verdict.alert).toBe(alert);
    expect(verdict.freezes.map((f) => f.id)).toEqual(['FRZ-1']);
    expect(verdict.finding).toBeNull();
  });

  it('lists related changes for an uncovered alert, closest in time first, then the most specific scope', () => {
    const at = 10 * HOUR;
    const late = alertOf({ firstSeen: at, lastSeen: at, entities: [{ type: 'host', value: 'fw-1' }, { type: 'ip', value: '10.0.0.9' }] });
    const changes = [
      change({ id: 'four-minutes-before', windows: [windowOf(at - HOUR, at - 4 * 60_000)] }),
      change({ id: 'same-time-by-cidr', scope: scopeOf({ ips: ['10.0.0.0/8'] }), windows: [windowOf(at - HOUR, at - 4 * 60_000)] }),
      change({ id: 'two-hours-before', status: 'completed', windows: [windowOf(at - 3 * HOUR, at - 2 * HOUR)] }),
      change({ id: 'too-old', windows: [windowOf(at - 9 * HOUR, at - 8 * HOUR)] }),
      change({ id: 'other-host', scope: scopeOf({ hosts: ['db-1'] }), windows: [windowOf(at - HOUR, at - 60_000)] }),
      change({ id: 'not-approved', status: 'requested', windows: [windowOf(at - HOUR, at - 60_000)] }),
    ];
    const verdict = screenAlertVerdict(late, new ChangeList(changes), { related: { lookbackMs: 4 * HOUR, limit: 5 } });
    expect(verdict.cover).toBeNull();
    expect(verdict.related.map((r) => [r.change.id, r.gapMs, r.match])).toEqual([
      ['four-minutes-before', 4 * 60_000, 'host'],
      ['same-time-by-cidr', 4 * 60_000, 'cidr'],
      ['two-hours-before', 2 * HOUR, 'host'],
    ]);
  });

  it('relates a change scoped to other rules by its entities', () => {
    const at = 10 * HOUR;
    const ruled = change({ scope: scopeOf({ hosts: ['fw-1'], rules: ['r9'] }), windows: [windowOf(at - HOUR, at + HOUR)] });
    const verdict = screenAlertVerdict(alertOf({ firstSeen: at }), new ChangeList([ruled]));
    expect(verdict.cover).toBeNull();
    expect(verdict.related).toEqual([{ change: expect.objectContaining({ id: 'CHG-1' }), relation: 'scope', entity: 'host:fw-1', start: at - HOUR, end: at + HOUR, gapMs: 0, match: 'host' }]);
  });

  it('annotates a covered critical alert and an intel hit, keeping the change id, title and owner, and lists the cover as related', () => {
    const critical = alertOf({ rule: { ...alert.rule, level: 'critical' } });
    const verdict = screenAlertVerdict(critical, new ChangeList([change({ owner: 'netops', ticketRef: 'CHG0031' })]));
    expect(verdict.action).toBe('annotate');
    expect(verdict.alert.suppression).toEqual({ state: 'annotated', changeId: 'CHG-1', reason: 'covered by approved change "firewall upgrade" (owner netops): annotated, not suppressed' });
    expect(verdict.alert.details).toMatchObject({
      'change.cover.id': 'CHG-1', 'change.cover.title': 'firewall upgrade', 'change.cover.owner': 'netops', 'change.cover.ticketRef': 'CHG0031',
      'change.cover.kind': 'normal', 'change.cover.policy': 'built-in: critical alerts are annotated, never suppressed',
    });
    expect(verdict.related.map((r) => [r.change.id, r.relation, r.entity])).toEqual([['CHG-1', 'covers', 'host:fw-1']]);
    expect(screenAlert(alertOf({ kind: 'intel' }), [change()]).suppression.state).toBe('annotated');
  });

  it('asks the policy per tenant and change kind, and a suppressed alert carries the cover details but no related changes', () => {
    const policy = parseScreeningPolicy('version: 1\nrules:\n  - tenants: [acme]\n    changeKinds: [emergency]\n    action: annotate\n', 'policy.yaml');
    expect(screenAlert(alert, [change({ kind: 'emergency' })], { policy }).suppression.state).toBe('annotated');
    const verdict = screenAlertVerdict(alert, new ChangeList([change({ kind: 'standard' })]), { policy });
    expect(verdict.alert.suppression.state).toBe('suppressed');
    expect(verdict.alert.details['change.cover.policy']).toBe('built-in: covered by an approved change');
    expect(verdict.related).toEqual([]);
  });

  it('a policy may suppress the alerts of a change inside a freeze; the finding is raised all the same', () => {
    const freeze = change({ id: 'FRZ-1', kind: 'freeze', title: 'freeze', windows: [windowOf(0, 10_000)] });
    const policy = parseScreeningPolicy('version: 1\nrules:\n  - changeKinds: [freeze]\n    action: suppress\n', 'policy.yaml');
    const verdict = screenAlertVerdict(alert, new ChangeList([change(), freeze]), { policy });
    expect(verdict.alert.suppression.state).toBe('suppressed');
    expect(verdict.alert.details).toMatchObject({ 'change.freeze.id': 'FRZ-1' });
    expect(verdict.finding).toMatchObject({ change: { id: 'CHG-1' }, freeze: { id: 'FRZ-1' } });
  });

  it('ranks config_change events seen on the alert’s host among the related changes, by closeness in time', () => {
    const at = 10 * HOUR;
    const edits = new RecentConfigChanges();
    edits.record({ tenant: 'acme', host: 'fw-1', eventId: 'e-2min', time: at - 2 * 60_000, action: 'rule_modified', actor: 'admin' });
    edits.record({ tenant: 'acme', host: 'fw-1', eventId: 'e-5h', time: at - 5 * HOUR, action: 'rule_modified', actor: 'admin' });
    edits.record({ tenant: 'acme', host: 'db-1', eventId: 'e-other-host', time: at - 60_000, action: 'rule_modified', actor: 'admin' });
    edits.record({ tenant: 'globex', host: 'fw-1', eventId: 'e-other-tenant', time: at - 60_000, action: 'rule_modified', actor: 'admin' });
    const changes = [change({ id: 'ten-minutes-before', windows: [windowOf(at - HOUR, at - 10 * 60_000)] })];
    const verdict = screenAlertVerdict(alertOf({ firstSeen: at, lastSeen: at }), new ChangeList(changes), { configChanges: edits });
    expect(verdict.related.map((r) => [r.change.id, r.relation, r.gapMs, r.entity])).toEqual([
      ['e-2min', 'config_change', 2 * 60_000, 'host:fw-1'],
      ['ten-minutes-before', 'scope', 10 * 60_000, 'host:fw-1'],
    ]);
    expect(verdict.related[0].change).toEqual({ id: 'e-2min', title: 'config change rule_modified by admin', owner: 'admin', ticketRef: null, kind: 'config_change' });
  });
});
