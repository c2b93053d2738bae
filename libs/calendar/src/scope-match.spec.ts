import { matchScope } from './scope-match';
import { subjectOfAlert, subjectOfEvent } from './scope-subject';
import { alertOf, configChangeOf, scopeOf } from './test/changes';

const onEntities = (...entities: Array<[string, string]>) => subjectOfAlert(alertOf({ entities: entities.map(([type, value]) => ({ type, value })) }));

describe('matchScope', () => {
  it('says how the entities matched, the most specific way first', () => {
    const scope = scopeOf({ hosts: ['fw-1', 'fw-*'], ips: ['10.0.0.5', '10.0.0.0/8'], services: ['vpn'], tags: ['pci'] });
    expect(matchScope(scope, onEntities(['host', 'FW-1']))).toBe('host');
    expect(matchScope(scope, onEntities(['host', 'fw-2']))).toBe('host-glob');
    expect(matchScope(scope, onEntities(['ip', '10.0.0.5']))).toBe('ip');
    expect(matchScope(scope, onEntities(['ip', '10.9.9.9']))).toBe('cidr');
    expect(matchScope(scope, onEntities(['service', 'VPN']))).toBe('service');
    expect(matchScope(scope, onEntities(['tag', 'pci']))).toBe('tag');
    expect(matchScope(scope, onEntities(['user', 'fw-1'], ['ip', '192.0.2.1']))).toBeNull();
  });

  it('matches IPv6 ranges and IPv4-mapped addresses', () => {
    expect(matchScope(scopeOf({ ips: ['2001:db8::/32'] }), onEntities(['ip', '2001:db8::42']))).toBe('cidr');
    expect(matchScope(scopeOf({ ips: ['10.0.0.0/8'] }), onEntities(['ip', '::ffff:10.1.2.3']))).toBe('cidr');
    expect(matchScope(scopeOf({ ips: ['10.0.0.0/8'] }), onEntities(['ip', 'not-an-ip']))).toBeNull();
  });

  it('needs a named event class, action or rule to match too', () => {
    const scope = scopeOf({ hosts: ['fw-1'], eventClasses: ['config_change'], actions: ['rule_modified'] });
    expect(matchScope(scope, subjectOfEvent(configChangeOf('fw-1', 0)))).toBe('host');
    expect(matchScope(scope, subjectOfEvent(configChangeOf('fw-1', 0, { action: 'rule_deleted' })))).toBeNull();
    // An alert that does not say which event class raised it is not covered by a class-scoped change.
    expect(matchScope(scope, onEntities(['host', 'fw-1']))).toBeNull();
    const alert = alertOf({ details: { 'event.class': 'config_change', 'event.action': 'rule_modified' } });
    expect(matchScope(scope, subjectOfAlert(alert))).toBe('host');
    expect(matchScope(scopeOf({ hosts: ['fw-1'], rules: ['r1'] }), subjectOfAlert(alert))).toBe('host');
  });
});
