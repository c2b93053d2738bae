import { randomUUID } from 'node:crypto';
import { emptyEventParts, type Event } from '@quell/contracts';

const at = (iso: string) => Date.parse(`${iso}Z`);

function event(time: string, fields: Partial<Event>): Event {
  return {
    id: randomUUID(),
    tenant: 'acme',
    time: at(time),
    ingestTime: at(time) + 1_000,
    source: { type: 'test', name: 'seed' },
    className: 'other',
    classUid: 0,
    ...emptyEventParts(),
    severity: 1,
    ...fields,
  };
}

const host = (name: string, ip = '') => ({ name, ip });
const user = (name: string) => ({ name, domain: null });
const ip = (address: string) => ({ ip: address, port: null });
const proc = (name: string, commandLine: string, parentName: string | null = null) => ({
  pid: 4242,
  name,
  executable: null,
  commandLine,
  parentName,
  parentCommandLine: null,
  parentExecutable: null,
  parentPid: null,
  hash: null,
});
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';
const WORD = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE';
const sysmon = { code: '1', provider: 'Microsoft-Windows-Sysmon' };
const child = (name: string, commandLine: string, parentExecutable: string | null, sha256: string | null) => ({
  ...proc(name, commandLine),
  executable: `C:\\Windows\\System32\\${name}`,
  parentExecutable,
  parentPid: 1200,
  hash: sha256 ? { md5: null, sha1: null, sha256 } : null,
});
const observer = (vendor: string, product: string) => ({ vendor, product, version: null, hostname: null, ip: null, type: 'firewall' });
const cloud = (provider: string, accountId: string, region: string, serviceName: string) => ({ provider, accountId, region, serviceName });
const web = (domain: string, method: string, status: number, userAgent: string) => ({
  className: 'network',
  classUid: 4001,
  url: { full: `https://${domain}/x`, domain },
  http: { requestMethod: method, responseStatusCode: status },
  userAgent,
});
const auth = (outcome: string) => ({ className: 'authentication', classUid: 3002, action: 'logon', outcome });
const network = { className: 'network', classUid: 4001, action: 'connection', outcome: 'success' };
const processStart = { className: 'process', classUid: 1007, action: 'start', outcome: 'success' };
const change = (outcome: string) => ({ className: 'config_change', classUid: 5019, action: 'modify', outcome });

/** The events every query of docs/investigations.md is checked against (day: 2026-11-28, UTC). */
export function investigationSeed(): Event[] {
  return [
    // alice: her activity in the 10:00 hour, an earlier logon on web-1, a failure before that.
    event('2026-11-26T08:00:00', { ...auth('failure'), host: host('web-1'), user: user('alice') }),
    event('2026-11-27T09:00:00', { ...auth('success'), host: host('web-1'), user: user('alice') }),
    event('2026-11-28T10:05:00', { ...auth('success'), host: host('web-1', '10.0.0.1'), user: user('Alice'), src: ip('203.0.113.9') }),
    event('2026-11-28T10:20:00', {
      ...processStart,
      host: host('web-1'),
      user: user('alice'),
      process: proc('powershell.exe', 'powershell.exe -NoP -enc SQBFAFgA', 'cmd.exe'),
      attackTechniques: ['T1059.001'],
    }),
    event('2026-11-28T11:30:00', { ...auth('success'), host: host('db-1'), user: user('alice') }),
    { ...event('2026-11-28T10:10:00', { ...auth('success'), host: host('web-1'), user: user('alice') }), tenant: 'other' },
    // Processes: svchost everywhere, notepad and powershell on web-1 alone.
    event('2026-11-28T10:21:00', { ...processStart, host: host('web-1'), process: proc('notepad.exe', 'notepad.exe C:\\notes.txt') }),
    event('2026-11-28T10:01:00', { ...processStart, host: host('web-1'), process: proc('svchost.exe', 'svchost.exe -k netsvcs') }),
    event('2026-11-28T10:01:00', { ...processStart, host: host('web-2'), process: proc('svchost.exe', 'svchost.exe -k netsvcs') }),
    event('2026-11-28T10:01:00', { ...processStart, host: host('web-3'), process: proc('svchost.exe', 'svchost.exe -k netsvcs') }),
    // Network: web-1 and web-2 reach 198.51.100.7; db-1 reaches another address.
    event('2026-11-28T10:10:00', { ...network, host: host('web-1'), src: ip('10.0.0.1'), dst: ip('198.51.100.7') }),
    event('2026-11-28T10:11:00', { ...network, host: host('web-2'), src: ip('10.0.0.2'), dst: ip('198.51.100.7') }),
    event('2026-11-28T10:12:00', { ...network, host: host('web-2'), src: ip('10.0.0.2'), dst: ip('198.51.100.7') }),
    event('2026-11-28T10:13:00', { ...network, host: host('db-1'), src: ip('10.0.0.3'), dst: ip('198.51.100.8') }),
    // Failed logons: bob from one source on three hosts, carol once; another the next day.
    event('2026-11-28T10:30:00', { ...auth('failure'), host: host('web-1'), user: user('bob'), src: ip('203.0.113.5'), attackTechniques: ['T1110'] }),
    event('2026-11-28T10:31:00', { ...auth('failure'), host: host('web-2'), user: user('bob'), src: ip('203.0.113.5') }),
    event('2026-11-28T10:32:00', { ...auth('failure'), host: host('web-3'), user: user('bob'), src: ip('203.0.113.5') }),
    event('2026-11-28T10:40:00', {
      ...auth('failure'),
      host: host('web-1'),
      user: user('carol'),
      src: ip('203.0.113.6'),
      service: 'payments',
      attackTechniques: ['T1110'],
    }),
    event('2026-11-29T01:00:00', { ...auth('failure'), host: host('web-1'), user: user('bob'), src: ip('203.0.113.5') }),
    // Configuration changes: two in the 10:00 hour, one later.
    event('2026-11-28T10:16:00', { ...change('success'), host: host('db-1'), user: user('dave'), service: 'payments', message: 'max_connections 100 -> 500' }),
    event('2026-11-28T10:50:00', { ...change('failure'), host: host('fw-1'), user: user('erin'), service: 'edge', message: 'rule 42 deleted' }),
    event('2026-11-28T12:00:00', { ...change('success'), host: host('fw-1'), user: user('erin'), service: 'edge', message: 'rule 42 restored' }),
    // Event v2 fields, on 2026-11-27 between 12:00 and 13:00 so the queries above never see them.
    // A Word document spawns PowerShell on ws-1; the same binary (hash) runs and is written on ws-2.
    event('2026-11-27T12:05:00', { ...processStart, ...sysmon, host: host('ws-1'), user: user('bob'), process: child('powershell.exe', 'powershell -enc SQBFAFgA', WORD, SHA) }),
    event('2026-11-27T12:20:00', { ...processStart, ...sysmon, host: host('ws-2'), process: child('rundll32.exe', 'rundll32 x.dll,Start', null, SHA) }),
    event('2026-11-27T12:19:00', {
      className: 'file', classUid: 1001, action: 'created', code: '11', provider: 'Microsoft-Windows-Sysmon', host: host('ws-2'),
      file: { path: 'C:\\Users\\Public\\x.dll', name: 'x.dll', hash: { md5: null, sha1: null, sha256: SHA } },
    }),
    event('2026-11-27T12:25:00', { ...processStart, ...sysmon, host: host('ws-3'), process: child('cmd.exe', 'cmd /c dir', 'C:\\Windows\\explorer.exe', null) }),
    // DNS: two names under evil-cdn.example and one that only looks alike.
    event('2026-11-27T12:06:00', { ...network, code: '22', host: host('ws-1'), dns: { questionName: 'update.evil-cdn.example' } }),
    event('2026-11-27T12:07:00', { ...network, code: '22', host: host('ws-1'), dns: { questionName: 'update.evil-cdn.example' } }),
    event('2026-11-27T12:21:00', { ...network, code: '22', host: host('ws-2'), dns: { questionName: 'evil-cdn.example' } }),
    event('2026-11-27T12:22:00', { ...network, code: '22', host: host('ws-3'), dns: { questionName: 'notevil-cdn.example' } }),
    // Registry: an autostart value and an unrelated setting.
    event('2026-11-27T12:08:00', {
      ...change('success'), code: '13', host: host('ws-1'), process: child('powershell.exe', 'powershell -enc SQBFAFgA', WORD, null),
      registry: { path: 'HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater', value: 'updater', data: 'C:\\Users\\Public\\updater.exe' },
    }),
    event('2026-11-27T12:09:00', {
      ...change('success'), code: '13', host: host('ws-1'),
      registry: { path: 'HKLM\\System\\CurrentControlSet\\Control\\Terminal Server\\fDenyTSConnections', value: 'fDenyTSConnections', data: 'DWORD (0x00000000)' },
    }),
    // Device and cloud configuration changes.
    event('2026-11-27T12:30:00', { ...change('success'), code: '0100044547', host: host('fw-2'), user: user('admin'), observer: observer('Fortinet', 'FortiGate'), message: 'Edit firewall.policy 8' }),
    event('2026-11-27T12:31:00', { ...change('success'), code: '0100044547', host: host('fw-2'), user: user('admin'), observer: observer('Fortinet', 'FortiGate'), message: 'Delete firewall.policy 8' }),
    event('2026-11-27T12:32:00', { ...change('success'), code: '111010', host: host('asa-1'), user: user('john'), observer: observer('Cisco', 'asa') }),
    event('2026-11-27T12:40:00', { ...change('success'), action: 'CreateAccessKey', user: user('alice'), cloud: cloud('aws', '123456789012', 'us-east-1', 'iam.amazonaws.com') }),
    event('2026-11-27T12:41:00', { ...change('failure'), action: 'PutBucketPolicy', user: user('alice'), cloud: cloud('aws', '123456789012', 'eu-west-1', 's3.amazonaws.com') }),
    event('2026-11-27T12:42:00', { ...change('success'), action: 'v1.compute.firewalls.insert', user: user('dev@example.com'), cloud: cloud('gcp', 'prod-project', 'global', 'compute.googleapis.com') }),
    // Event codes on ws-1: three failed logons (4625) and one success (4624).
    event('2026-11-27T12:10:00', { ...auth('failure'), code: '4625', provider: 'Microsoft-Windows-Security-Auditing', host: host('ws-1'), user: user('bob') }),
    event('2026-11-27T12:11:00', { ...auth('failure'), code: '4625', provider: 'Microsoft-Windows-Security-Auditing', host: host('ws-1'), user: user('bob') }),
    event('2026-11-27T12:12:00', { ...auth('failure'), code: '4625', provider: 'Microsoft-Windows-Security-Auditing', host: host('ws-1'), user: user('bob') }),
    event('2026-11-27T12:13:00', { ...auth('success'), code: '4624', provider: 'Microsoft-Windows-Security-Auditing', host: host('ws-1'), user: user('bob') }),
    // Proxy: requests to one domain from two clients with two user agents.
    event('2026-11-27T12:50:00', { ...web('files.example.net', 'GET', 200, 'curl/8.5.0'), host: host('ws-1') }),
    event('2026-11-27T12:51:00', { ...web('files.example.net', 'GET', 200, 'Mozilla/5.0'), host: host('ws-2') }),
    event('2026-11-27T12:52:00', { ...web('files.example.net', 'POST', 403, 'curl/8.5.0'), host: host('ws-1') }),
  ];
}
