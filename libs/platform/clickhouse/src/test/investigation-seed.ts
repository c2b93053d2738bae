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
  ];
}
