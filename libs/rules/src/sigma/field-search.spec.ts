import type { Event } from '@quell/contracts';
import { compileDetection } from './detection-compiler';
import { createFieldResolver } from './field-resolver';
import type { SearchOptions } from './field-search';
import { matchInputOf } from './match-input';
import { eventWith } from './sigma-test-events.test-util';

const resolver = createFieldResolver();
/** One selection `{ key: value }`, compiled and run on the event. */
function matches(key: string, value: unknown, event: Event, options: SearchOptions = {}): boolean {
  return compileDetection({ sel: { [key]: value }, condition: 'sel' }, options)(matchInputOf(event, resolver));
}
const cmd = (commandLine: string) => eventWith({ CommandLine: commandLine });

describe('plain values and wildcards', () => {
  it('matches whole values case-insensitively', () => {
    expect(matches('CommandLine', 'whoami', cmd('WHOAMI'))).toBe(true);
    expect(matches('CommandLine', 'whoami', cmd('whoami /all'))).toBe(false);
  });
  it('* and ? are wildcards', () => {
    expect(matches('CommandLine', '*\\cmd.exe', cmd('C:\\Windows\\System32\\cmd.exe'))).toBe(true);
    expect(matches('CommandLine', 'adm*', cmd('Administrator'))).toBe(true);
    expect(matches('CommandLine', 'c?d', cmd('cmd'))).toBe(true);
    expect(matches('CommandLine', 'c?d', cmd('cmmd'))).toBe(false);
    expect(matches('CommandLine', 'a*b*c', cmd('a\nxbyc'))).toBe(true);
  });
  it('escapes: \\* and \\? are plain, \\\\* is a backslash then a wildcard, \\\\\\* both plain', () => {
    expect(matches('CommandLine', 'a\\*b', cmd('a*b'))).toBe(true);
    expect(matches('CommandLine', 'a\\*b', cmd('axb'))).toBe(false);
    expect(matches('CommandLine', 'a\\?', cmd('a?'))).toBe(true);
    expect(matches('CommandLine', 'dir\\\\*', cmd('dir\\anything'))).toBe(true);
    expect(matches('CommandLine', 'dir\\\\\\*', cmd('dir\\*'))).toBe(true);
    expect(matches('CommandLine', 'dir\\\\\\*', cmd('dir\\x'))).toBe(false);
    expect(matches('CommandLine', 'C:\\Windows', cmd('c:\\windows'))).toBe(true);
    expect(matches('CommandLine', 'C:\\\\Windows', cmd('C:\\Windows'))).toBe(true);
    expect(matches('CommandLine', 'a\\\\\\\\b', cmd('a\\\\b'))).toBe(true);
  });
  it('numbers compare as text; a list is OR', () => {
    expect(matches('EventID', 4688, eventWith({ EventID: '4688' }))).toBe(true);
    expect(matches('EventID', [1, 4688], eventWith({ EventID: '1' }))).toBe(true);
    expect(matches('EventID', [1, 4688], eventWith({ EventID: '2' }))).toBe(false);
  });
  it('null matches an absent field only, as pySigma; \'\' matches the empty value only', () => {
    expect(matches('User', null, eventWith({}))).toBe(true);
    expect(matches('User', null, eventWith({ User: '' }))).toBe(false);
    expect(matches('User', null, eventWith({ User: 'bob' }))).toBe(false);
    expect(matches('User', '', eventWith({ User: '' }))).toBe(true);
    expect(matches('User', '', eventWith({}))).toBe(false);
  });
  it('an absent field matches no value', () => {
    expect(matches('Image', '*', eventWith({}))).toBe(false);
  });
});

describe('generic modifiers', () => {
  it('contains, startswith, endswith', () => {
    expect(matches('CommandLine|contains', 'MIMIKATZ', cmd('run mimikatz now'))).toBe(true);
    expect(matches('CommandLine|startswith', 'run', cmd('run mimikatz'))).toBe(true);
    expect(matches('CommandLine|startswith', 'mimi', cmd('run mimikatz'))).toBe(false);
    expect(matches('CommandLine|endswith', '.EXE', cmd('c:\\a.exe'))).toBe(true);
    expect(matches('CommandLine|contains', 'a*c', cmd('xxabbcxx'))).toBe(true);
  });
  it('all turns a list into AND', () => {
    expect(matches('CommandLine|contains|all', ['-nop', '-enc'], cmd('powershell -nop -w hidden -enc AAA'))).toBe(true);
    expect(matches('CommandLine|contains|all', ['-nop', '-enc'], cmd('powershell -nop'))).toBe(false);
  });
  it('cased matches case-sensitively', () => {
    expect(matches('CommandLine|cased', 'Whoami', cmd('Whoami'))).toBe(true);
    expect(matches('CommandLine|cased', 'Whoami', cmd('whoami'))).toBe(false);
    expect(matches('CommandLine|contains|cased', 'EnC', cmd('-enc'))).toBe(false);
  });
  it('exists checks presence only', () => {
    expect(matches('User|exists', true, eventWith({ User: '' }))).toBe(true);
    expect(matches('User|exists', true, eventWith({}))).toBe(false);
    expect(matches('User|exists', false, eventWith({}))).toBe(true);
  });
  it('neq: the field differs from every value', () => {
    expect(matches('User|neq', 'SYSTEM', eventWith({ User: 'bob' }))).toBe(true);
    expect(matches('User|neq', ['SYSTEM', 'bob'], eventWith({ User: 'bob' }))).toBe(false);
  });
});

describe('string modifiers', () => {
  it('windash makes -, /, en dash, em dash and horizontal bar interchangeable', () => {
    for (const flag of ['-exec', '/exec', '\u2013exec', '\u2014exec', '\u2015exec']) {
      expect(matches('CommandLine|windash|contains', ' -exec ', cmd(`ps ${flag} bypass`))).toBe(true);
    }
    expect(matches('CommandLine|windash|contains', ' -exec ', cmd('ps +exec bypass'))).toBe(false);
    // Only a dash that starts a word: a-b stays a-b.
    expect(matches('CommandLine|windash|contains', 'a-b', cmd('a/b'))).toBe(false);
  });
  it('re: RE2 search, case-sensitive by default, with i, m and s flags', () => {
    expect(matches('CommandLine|re', 'who?ami', cmd('x whoami x'))).toBe(true);
    expect(matches('CommandLine|re', '^whoami$', cmd('WHOAMI'))).toBe(false);
    expect(matches('CommandLine|re|i', '^whoami$', cmd('WHOAMI'))).toBe(true);
    expect(matches('CommandLine|re', '^b$', cmd('a\nb'))).toBe(false);
    expect(matches('CommandLine|re|m', '^b$', cmd('a\nb'))).toBe(true);
    expect(matches('CommandLine|re', 'a.b', cmd('a\nb'))).toBe(false);
    expect(matches('CommandLine|re|s', 'a.b', cmd('a\nb'))).toBe(true);
  });
  it('base64 and base64offset (spec examples), alone and after utf16 encodings', () => {
    expect(matches('CommandLine|base64', 'cmd', cmd('Y21k'))).toBe(true);
    expect(matches('CommandLine|base64|contains', 'http://', cmd('x aHR0cDovLw== y'))).toBe(true);
    const encoded = (text: string, encoding: BufferEncoding = 'utf8') => cmd(`-enc ${Buffer.from(text, encoding).toString('base64')}`);
    for (const prefix of ['', 'x', 'xy', 'xyz']) {
      expect(matches('CommandLine|base64offset|contains', '/c whoami', encoded(`${prefix}/c whoami and more`))).toBe(true);
      expect(matches('CommandLine|wide|base64offset|contains', 'Invoke-', encoded(`${prefix}Invoke-Expression`, 'utf16le'))).toBe(true);
      expect(matches('CommandLine|utf16le|base64offset|contains', 'Invoke-', encoded(`${prefix}Invoke-Expression`, 'utf8'))).toBe(false);
    }
    // Spec: utf16le cmd → 63 00 6d 00 64 00; utf16be → 00 63 00 6d 00 64; utf16 → FF FE 63 00 6d 00 64 00.
    expect(matches('CommandLine|utf16le|base64', 'cmd', cmd(Buffer.from([0x63, 0, 0x6d, 0, 0x64, 0]).toString('base64')))).toBe(true);
    expect(matches('CommandLine|utf16be|base64', 'cmd', cmd(Buffer.from([0, 0x63, 0, 0x6d, 0, 0x64]).toString('base64')))).toBe(true);
    expect(matches('CommandLine|utf16|base64', 'cmd', cmd(Buffer.from([0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0]).toString('base64')))).toBe(true);
  });
});

describe('numeric, time, ip and specific modifiers', () => {
  it('lt, lte, gt, gte', () => {
    const e = eventWith({ Size: '100' });
    expect(matches('Size|lt', 101, e)).toBe(true);
    expect(matches('Size|lt', 100, e)).toBe(false);
    expect(matches('Size|lte', 100, e)).toBe(true);
    expect(matches('Size|gt', 99, e)).toBe(true);
    expect(matches('Size|gte', 101, e)).toBe(false);
    expect(matches('Size|gt', 1, eventWith({ Size: 'big' }))).toBe(false);
  });
  it('minute, hour, day, week, month, year of a date field, else of the event time', () => {
    const e = eventWith({ UtcTime: '2026-12-31 23:59:00.000Z' });
    expect(matches('UtcTime|minute', 59, e)).toBe(true);
    expect(matches('UtcTime|hour', 23, e)).toBe(true);
    expect(matches('UtcTime|day', 31, e)).toBe(true);
    expect(matches('UtcTime|week', 53, e)).toBe(true);
    expect(matches('UtcTime|month', 12, e)).toBe(true);
    expect(matches('UtcTime|year', 2026, e)).toBe(true);
    // The event's own time is 2026-03-04T05:06:07Z (ISO week 10).
    expect(matches('timestamp|hour', 5, eventWith({}))).toBe(true);
    expect(matches('timestamp|week', 10, eventWith({}))).toBe(true);
    expect(matches('timestamp|hour|gte', 6, eventWith({}))).toBe(false);
  });
  it('cidr, IPv4 and IPv6', () => {
    expect(matches('DestinationIp|cidr', '10.0.0.0/8', eventWith({ DestinationIp: '10.1.2.3' }))).toBe(true);
    expect(matches('DestinationIp|cidr', '10.0.0.0/8', eventWith({ DestinationIp: '11.1.2.3' }))).toBe(false);
    expect(matches('DestinationIp|cidr', ['fe80::/10', '127.0.0.0/8'], eventWith({ DestinationIp: 'fe80::1' }))).toBe(true);
    expect(matches('DestinationIp|cidr', '10.0.0.0/8', eventWith({ DestinationIp: 'host' }))).toBe(false);
  });
  it('expand resolves placeholders from the provided map; an empty list matches nothing; an unknown one is refused', () => {
    const options = { placeholders: { Administrators: ['admin', 'root'], Nobody: [] } };
    expect(matches('User|expand', '%Administrators%', eventWith({ User: 'ROOT' }), options)).toBe(true);
    expect(matches('User|expand|contains', 'x%Administrators%', eventWith({ User: 'a xadmin' }), options)).toBe(true);
    expect(matches('User|expand', '%Administrators%', eventWith({ User: 'bob' }), options)).toBe(false);
    expect(matches('User|expand', '%Nobody%', eventWith({ User: '%Nobody%' }), options)).toBe(false);
    expect(() => matches('User|expand', '%Unknown%', eventWith({ User: '%Unknown%' }), options)).toThrow('placeholder %Unknown% has no value source');
  });
  it('fieldref compares with another field, also with neq', () => {
    const same = eventWith({ TargetFilename: 'C:\\a.exe', Image: 'c:\\A.exe' });
    const other = eventWith({ TargetFilename: 'C:\\b.exe', Image: 'C:\\a.exe' });
    expect(matches('TargetFilename|fieldref', 'Image', same)).toBe(true);
    expect(matches('TargetFilename|fieldref', 'Image', other)).toBe(false);
    expect(matches('TargetFilename|fieldref|neq', 'Image', other)).toBe(true);
    expect(matches('TargetFilename|fieldref', 'Missing', same)).toBe(false);
  });
});

describe('field resolution', () => {
  it('original first, then the mapping to Event fields, per source when configured', () => {
    const proc = { pid: 1, name: 'bash', executable: '/bin/bash', commandLine: 'curl evil', parentName: null, parentCommandLine: null } as Event['process'];
    const linux = eventWith({}, { source: { type: 'linux-auditd', name: 'a' }, process: proc });
    expect(matches('CommandLine|contains', 'evil', linux)).toBe(true);
    expect(matches('CommandLine|contains', 'evil', eventWith({ CommandLine: 'benign' }, { process: proc }))).toBe(false);
    const custom = createFieldResolver({ mapping: {}, perSource: { 'linux-auditd': { exe: 'process.executable' } } });
    expect(custom(linux, 'exe')).toBe('/bin/bash');
    expect(custom(linux, 'CommandLine')).toBeUndefined();
  });
});

describe('field names with spaces', () => {
  it('a field written with spaces in the log is found under its name without them', () => {
    expect(matches('SourceName', 'Real-Time Protection', eventWith({ 'Source Name': 'Real-Time Protection' }))).toBe(true);
  });
});
