import { classifyScopeName, scopeFromNames } from './scope-names';

describe('classifyScopeName', () => {
  it.each([
    ['fw-01', 'host'],
    ['web01', 'host'],
    ['db-eu-1-prod', 'host'],
    ['mx-01.acme.local', 'host'],
    ['intranet.acme.local.', 'host'],
    ['10.20.0.5', 'ip'],
    ['10.20.0.0/16', 'ip'],
    ['2001:db8::1', 'ip'],
    ['VPN', 'service'],
    ['Payroll', 'service'],
    ['SAP ERP', 'service'],
    ['Email', 'service'],
    ['Office 365', 'service'],
    [`${'a1.'.repeat(100)}x`, 'service'],
  ])('%s is a %s', (name, kind) => {
    expect(classifyScopeName(name)).toBe(kind);
  });
});

describe('scopeFromNames', () => {
  it('sorts names into hosts (lower-cased), IPs and services, without duplicates or blanks', () => {
    expect(scopeFromNames(['FW-01', 'fw-01', 'VPN', ' ', '10.0.0.1', 'vpn', 'mx-01.acme.local'])).toEqual({
      hosts: ['fw-01', 'mx-01.acme.local'], ips: ['10.0.0.1'], services: ['VPN'], tags: [], eventClasses: [], actions: [], rules: [],
    });
  });
});
