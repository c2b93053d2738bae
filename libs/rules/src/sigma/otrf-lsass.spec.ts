import type { Event } from '@quell/contracts';
import { DetectionRuleSet } from './rule-index';
import { corpusDetectionRules, otrfEvents } from './rule-index-corpus.test-util';

/**
 * OTRF Security-Datasets' recording of an LSASS memory dump with comsvcs.dll (184 NXLog events,
 * normalized as `quell rules test` does) under every SigmaHQ rule. Each expected rule is named
 * with the events it must match: their line in the recording, channel and event id, and what they show.
 */
const EXPECTED: Record<string, { title: string; events: string[] }> = {
  'a49fa4d5-11db-418c-8473-1e014a8dd462': {
    title: 'Lsass Memory Dump via Comsvcs DLL',
    events: ['74 Sysmon 10: rundll32.exe opens lsass.exe 0x1fffff', '76 Sysmon 10: rundll32.exe opens lsass.exe 0x1410'],
  },
  '5ef9853e-4d0e-4a70-846f-a9ca37d876da': {
    title: 'Potential Credential Dumping Activity Via LSASS',
    events: ['74 Sysmon 10: rundll32.exe opens lsass.exe 0x1fffff'],
  },
  '646ea171-dded-4578-8a4d-65e9822892e3': {
    title: 'Process Memory Dump Via Comsvcs.DLL',
    // Security 4688 matches through THOR's Image ← NewProcessName.
    events: ['17 Security 4688: rundll32.exe comsvcs.dll MiniDump', '107 Sysmon 1: rundll32.exe comsvcs.dll MiniDump'],
  },
  'ffa6861c-4461-4f59-8a41-578c39f3f23e': {
    title: 'LSASS Dump Keyword In CommandLine',
    events: ['17 Security 4688: rundll32.exe comsvcs.dll MiniDump', '107 Sysmon 1: rundll32.exe comsvcs.dll MiniDump'],
  },
  'a5a2d357-1ab8-4675-a967-ef9990a59391': {
    title: 'LSASS Process Memory Dump Files',
    events: ['75 Sysmon 11: rundll32.exe writes lsass-comsvcs.dmp'],
  },
  '4a1b6da0-d94f-4fc3-98fc-2d9cb9e5ee76': {
    title: 'Potentially Suspicious AccessMask Requested From LSASS',
    events: ['3 Security 4663: rundll32.exe reads lsass.exe 0x10', '5 Security 4663: rundll32.exe reads lsass.exe 0x10', '9 Security 4656: rundll32.exe opens lsass.exe 0x1410'],
  },
  '962fe167-e48d-4fd6-9974-11e5b9a5d6d1': {
    title: 'LSASS Access From Non System Account',
    events: ['9 Security 4656: rundll32.exe opens lsass.exe 0x1410'],
  },
};

function summary(event: Event, line: number): string {
  const o = event.original;
  const channel = o['Channel'].includes('Sysmon') ? 'Sysmon' : o['Channel'];
  const base = (path: string | undefined) => path?.split('\\').pop() ?? '';
  const what: Record<string, () => string> = {
    '1': () => `${base(o['Image'])} ${/comsvcs\.dll MiniDump/i.test(o['CommandLine']) ? 'comsvcs.dll MiniDump' : o['CommandLine']}`,
    '4688': () => `${base(o['NewProcessName'])} ${/comsvcs\.dll MiniDump/i.test(o['CommandLine']) ? 'comsvcs.dll MiniDump' : o['CommandLine']}`,
    '10': () => `${base(o['SourceImage'])} opens ${base(o['TargetImage'])} ${o['GrantedAccess']}`,
    '11': () => `${base(o['Image'])} writes ${base(o['TargetFilename'])}`,
    '4663': () => `${base(o['ProcessName'])} reads ${base(o['ObjectName'])} ${o['AccessMask']}`,
    '4656': () => `${base(o['ProcessName'])} opens ${base(o['ObjectName'])} ${o['AccessMask']}`,
  };
  return `${line} ${channel} ${o['EventID']}: ${what[o['EventID']]?.() ?? ''}`;
}

describe('OTRF LSASS memory dump (comsvcs.dll) under the SigmaHQ rules', () => {
  const events = otrfEvents();
  const rules = new DetectionRuleSet(corpusDetectionRules());
  const alerts = events.flatMap((event, i) => rules.match(event).map((rule) => ({ rule, event, line: i + 1 })));

  it('normalizes all 184 events of the recording', () => {
    expect(events).toHaveLength(184);
  });

  it.each(Object.entries(EXPECTED))('%s fires on the events it is written for', (id, expected) => {
    const raised = alerts.filter((a) => a.rule.id === id);
    expect(raised[0]?.rule.title).toBe(expected.title);
    expect(raised.map((a) => summary(a.event, a.line))).toEqual(expected.events);
  });

  it('every LSASS alert is on the attacked host, WORKSTATION5 (workstation5 in the Event)', () => {
    const hosts = new Set(alerts.filter((a) => a.rule.id !== null && a.rule.id in EXPECTED).map((a) => a.event.host?.name));
    expect([...hosts]).toEqual(['workstation5']);
  });
});
