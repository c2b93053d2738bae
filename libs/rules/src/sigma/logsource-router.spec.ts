import { belongsToLogsource } from './logsource-router';
import { eventWith } from './sigma-test-events.test-util';

const sysmon = (eventId: number) => eventWith({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: String(eventId) });
const security = (eventId: number) => eventWith({ Channel: 'Security', EventID: String(eventId) });

describe('belongsToLogsource', () => {
  it('Windows categories by channel and event id (THOR map)', () => {
    const processCreation = { product: 'windows', category: 'process_creation' };
    expect(belongsToLogsource(processCreation, sysmon(1))).toBe(true);
    expect(belongsToLogsource(processCreation, security(4688))).toBe(true);
    expect(belongsToLogsource(processCreation, sysmon(3))).toBe(false);
    expect(belongsToLogsource(processCreation, security(1))).toBe(false);
    expect(belongsToLogsource({ product: 'windows', category: 'registry_set' }, sysmon(13))).toBe(true);
  });
  it('Windows services by channel', () => {
    expect(belongsToLogsource({ product: 'windows', service: 'security' }, security(4625))).toBe(true);
    expect(belongsToLogsource({ product: 'windows', service: 'security' }, sysmon(1))).toBe(false);
    expect(belongsToLogsource({ product: 'windows', service: 'powershell' }, eventWith({ Channel: 'PowerShellCore/Operational' }))).toBe(true);
  });
  it('non-Windows sources by source type and event class', () => {
    const linuxProcess = eventWith({}, { source: { type: 'linux-auditd', name: 'a' }, className: 'process' });
    expect(belongsToLogsource({ product: 'linux', category: 'process_creation' }, linuxProcess)).toBe(true);
    expect(belongsToLogsource({ product: 'linux', service: 'auditd' }, linuxProcess)).toBe(true);
    expect(belongsToLogsource({ product: 'linux', service: 'sshd' }, linuxProcess)).toBe(false);
    expect(belongsToLogsource({ product: 'windows', category: 'process_creation' }, linuxProcess)).toBe(false);
    expect(belongsToLogsource({ category: 'firewall' }, eventWith({}, { className: 'network' }))).toBe(true);
    expect(belongsToLogsource({ category: 'firewall' }, linuxProcess)).toBe(false);
  });
  it('product-less generic categories meet Windows events through their class, not by channel', () => {
    expect(belongsToLogsource({ category: 'webserver' }, sysmon(1))).toBe(false);
    expect(belongsToLogsource({ category: 'proxy' }, eventWith({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: '1' }, { className: 'process' }))).toBe(false);
    expect(belongsToLogsource({ category: 'firewall' }, eventWith({ Channel: 'Security', EventID: '5156' }, { className: 'network' }))).toBe(true);
    expect(belongsToLogsource({ category: 'process_creation' }, sysmon(1))).toBe(true);
    expect(belongsToLogsource({ category: 'process_creation' }, sysmon(3))).toBe(false);
  });
  it('ECS data answers to its event.module as product and service, and to the parts of event.dataset as service', () => {
    const zeekDns = eventWith({ 'event.module': 'zeek', 'event.dataset': 'zeek.dns' }, { source: { type: 'ecs', name: 'filebeat' }, className: 'network' });
    expect(belongsToLogsource({ product: 'zeek', service: 'dns' }, zeekDns)).toBe(true);
    expect(belongsToLogsource({ category: 'network', service: 'dns' }, zeekDns)).toBe(true);
    expect(belongsToLogsource({ product: 'zeek', service: 'http' }, zeekDns)).toBe(false);
    expect(belongsToLogsource({ product: 'suricata' }, zeekDns)).toBe(false);
    // The source type still counts as before.
    expect(belongsToLogsource({ product: 'aws', service: 'cloudtrail' }, eventWith({}, { source: { type: 'aws-cloudtrail', name: 'a' } }))).toBe(true);
  });

  it('a product-less database rule (SQL query logs) meets application events, not every Windows event', () => {
    expect(belongsToLogsource({ category: 'database' }, sysmon(1))).toBe(false);
    expect(belongsToLogsource({ category: 'database' }, eventWith({ Channel: 'Security', EventID: '4688' }, { className: 'process' }))).toBe(false);
    expect(belongsToLogsource({ category: 'database' }, eventWith({}, { className: 'application' }))).toBe(true);
  });
});
