import { createFieldResolver } from './field-resolver';
import { loadSigmaRules } from './rule-loader';
import { DetectionRuleSet } from './rule-index';
import type { SigmaDetectionRule } from './sigma-rule';
import { eventWith } from './sigma-test-events.test-util';

const resolve = createFieldResolver();

/** A Security 4688 record as the log writes it: THOR-style names only, no Sigma taxonomy names. */
const security4688 = eventWith({
  Channel: 'Security',
  EventID: '4688',
  NewProcessName: 'C:\\Windows\\System32\\rundll32.exe',
  ParentProcessName: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  CommandLine: 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll MiniDump 756 C:\\x.dmp full',
  SubjectUserName: 'wardog',
});

function detectionRule(yaml: string): SigmaDetectionRule {
  return loadSigmaRules(yaml, 'r.yml').rules[0] as SigmaDetectionRule;
}

describe('field resolution from the normalized Event (sources that do not write Sigma names)', () => {
  it('answers ParentImage with the full parent path, and the file, registry and DNS names from Event v2 fields', () => {
    const event = {
      ...eventWith({}),
      process: { pid: 2, name: 'sh', executable: '/bin/sh', commandLine: 'sh -c id', parentName: 'nginx', parentCommandLine: null, parentExecutable: '/usr/sbin/nginx', parentPid: 1, hash: null },
      file: { path: '/tmp/x.sh', name: 'x.sh', hash: null },
      registry: { path: 'HKLM\\Software\\Run\\x', value: 'x', data: 'C:\\x.exe' },
      dns: { questionName: 'evil.example' },
    };
    expect(resolve(event, 'ParentImage')).toBe('/usr/sbin/nginx');
    expect(resolve(event, 'ParentProcessId')).toBe('1');
    expect(resolve(event, 'TargetFilename')).toBe('/tmp/x.sh');
    expect(resolve(event, 'TargetObject')).toBe('HKLM\\Software\\Run\\x');
    expect(resolve(event, 'Details')).toBe('C:\\x.exe');
    expect(resolve(event, 'QueryName')).toBe('evil.example');
  });
});

describe('field resolution for Windows logs (THOR fieldmappings)', () => {
  it('Security 4688 answers Image and ParentImage from NewProcessName and ParentProcessName', () => {
    expect(resolve(security4688, 'Image')).toBe('C:\\Windows\\System32\\rundll32.exe');
    expect(resolve(security4688, 'ParentImage')).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    // Names the log writes itself resolve as written.
    expect(resolve(security4688, 'CommandLine')).toContain('comsvcs.dll');
    expect(resolve(security4688, 'SubjectUserName')).toBe('wardog');
    expect(resolve(security4688, 'NewProcessName')).toBe('C:\\Windows\\System32\\rundll32.exe');
  });

  it('a field the record carries under the Sigma name wins, and other event ids are not renamed', () => {
    expect(resolve(eventWith({ ...security4688.original, Image: 'C:\\own.exe' }), 'Image')).toBe('C:\\own.exe');
    expect(resolve(eventWith({ ...security4688.original, EventID: '4689' }), 'Image')).toBeUndefined();
    expect(resolve(eventWith({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: '1', NewProcessName: 'C:\\x.exe' }), 'Image')).toBeUndefined();
  });

  it('a process_creation rule fires on Security 4688', () => {
    const rule = detectionRule(`title: comsvcs
logsource:
    product: windows
    category: process_creation
detection:
    img:
        Image|endswith: '\\rundll32.exe'
    parent:
        ParentImage|endswith: '\\powershell.exe'
    cli:
        CommandLine|contains: 'MiniDump'
    condition: all of them
`);
    expect(new DetectionRuleSet([rule]).match(security4688)).toEqual([rule]);
  });

  it('Defender detections answer Signature and Filename; product-less antivirus rules see only them', () => {
    const defender = eventWith({ Channel: 'Microsoft-Windows-Windows Defender/Operational', EventID: '1116', ThreatName: 'HackTool:Win32/Mimikatz', Path: 'file:_C:\\m.exe' });
    expect(resolve(defender, 'Signature')).toBe('HackTool:Win32/Mimikatz');
    expect(resolve(defender, 'Filename')).toBe('file:_C:\\m.exe');
    const rule = detectionRule(`title: av
logsource:
    category: antivirus
detection:
    sel:
        Signature|contains: 'Mimikatz'
    condition: sel
`);
    const set = new DetectionRuleSet([rule]);
    expect(set.match(defender)).toEqual([rule]);
    expect(set.match(eventWith({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: '1', Signature: 'Mimikatz' }))).toEqual([]);
  });
});

describe('configurable field mapping', () => {
  it('per source type, to an Event property or to another field of the record', () => {
    const custom = createFieldResolver({ perSource: { 'my-edr': { Image: 'original.proc.path', CommandLine: 'process.commandLine' } } });
    const edr = eventWith({ 'proc.path': '/usr/bin/curl' }, { source: { type: 'my-edr', name: 'edr' } });
    expect(custom(edr, 'Image')).toBe('/usr/bin/curl');
    expect(custom(eventWith({ 'proc.path': '/usr/bin/curl' }), 'Image')).toBeUndefined();
    // The default mapping still applies to fields the source's own mapping does not name.
    expect(custom(eventWith({}, { source: { type: 'my-edr', name: 'edr' }, host: { name: 'h1' } as never }), 'Computer')).toBe('h1');
  });

  it('refuses a mapping to the raw record, which only keyword searches read', () => {
    expect(() => createFieldResolver({ mapping: { Payload: 'rawText' } })).toThrow(/keywords/);
  });
});
