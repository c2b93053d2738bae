import type { Event } from '@quell/contracts';
import { loadSigmaRules } from './rule-loader';
import { DetectionRuleSet } from './rule-index';
import { requirementOf } from './rule-index-requirements';
import type { SigmaDetectionRule } from './sigma-rule';
import { eventWith } from './sigma-test-events.test-util';

/** A detection rule titled `id`, from its logsource and detection lines (YAML, indented under their keys). */
function rule(id: string, logsource: string, detection: string): SigmaDetectionRule {
  const text = `title: ${id}\nlogsource:\n${logsource}\ndetection:\n${detection}\n`;
  const { rules, errors } = loadSigmaRules(text, `${id}.yml`);
  if (errors.length > 0) throw new Error(errors[0].reason);
  return rules[0] as SigmaDetectionRule;
}

const WIN_PROC = '    product: windows\n    category: process_creation';
const sysmon1 = (fields: Record<string, string>) => eventWith({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: '1', ...fields });

const RULES = [
  rule('lsass-endswith', WIN_PROC, "    sel:\n        Image|endswith: '\\lsass.exe'\n    condition: sel"),
  rule('cli-contains-and-img', WIN_PROC, "    img:\n        Image|endswith: '\\rundll32.exe'\n    cli:\n        CommandLine|contains: 'comsvcs'\n    condition: img and cli"),
  rule('contains-only', WIN_PROC, "    sel:\n        CommandLine|contains: 'sekurlsa::'\n    condition: sel"),
  rule('keywords', '    product: windows', "    keywords:\n        - 'mimikatz'\n        - 'Invoke-Kerberoast'\n    condition: keywords"),
  rule('not-only', WIN_PROC, "    filter:\n        Image|endswith: '\\explorer.exe'\n    condition: not filter"),
  rule('one-of', WIN_PROC, "    sel_a:\n        Image|endswith: '\\certutil.exe'\n    sel_b:\n        OriginalFileName: 'CertUtil.exe'\n    _ignored:\n        CommandLine: x\n    condition: 1 of sel_*"),
  rule('all-of-them', WIN_PROC, "    sel_img:\n        Image|endswith: '\\reg.exe'\n    sel_cli:\n        CommandLine|contains|all:\n            - ' save '\n            - 'HKLM\\SAM'\n    condition: all of them"),
  rule('wildcard-only', WIN_PROC, "    sel:\n        CommandLine: '*'\n    condition: sel"),
  rule('inner-wildcards', WIN_PROC, "    sel:\n        CommandLine: '*procdump*-ma*lsass*'\n    condition: sel"),
  rule('question-mark', WIN_PROC, "    sel:\n        Image: 'C:\\Windows\\System3?\\whoami.exe'\n    condition: sel"),
  rule('windash', WIN_PROC, "    sel:\n        CommandLine|windash|contains: ' -accepteula '\n    condition: sel"),
  rule('regex', WIN_PROC, "    sel:\n        CommandLine|re: '(?i)lsass.{0,5}dmp'\n    condition: sel"),
  rule('numeric-and-exists', WIN_PROC, "    sel:\n        ProcessId|gt: 100\n        ParentImage|exists: true\n    condition: sel"),
  rule('cased', WIN_PROC, "    sel:\n        CommandLine|cased|contains: 'SeDebug'\n    condition: sel"),
  rule('null-value', WIN_PROC, "    sel:\n        Image|endswith: '\\net.exe'\n        ParentImage: null\n    condition: sel"),
  rule('no-product', '    category: process_creation', "    sel:\n        Image|endswith: '\\whoami.exe'\n    condition: sel"),
  rule('no-product-linux', '    category: process_creation', "    sel:\n        Image|endswith: '/whoami'\n    condition: sel"),
  rule('linux', '    product: linux\n    category: process_creation', "    sel:\n        CommandLine|contains: 'base64 -d'\n    condition: sel"),
  rule('security-4624', '    product: windows\n    service: security', "    sel:\n        EventID: 4624\n        LogonType: 10\n    condition: sel"),
  rule('neq', WIN_PROC, "    sel:\n        Image|endswith: '\\powershell.exe'\n    other:\n        User|neq: 'SYSTEM'\n    condition: sel and other"),
  rule('unicode-plain', WIN_PROC, "    sel:\n        CommandLine|contains: 'ſekurlſa'\n    condition: sel"),
  rule('unicode-re2', WIN_PROC, "    sel:\n        CommandLine: '*\\Kerberos?\\*'\n    condition: sel"),
  rule('emoji', WIN_PROC, "    sel:\n        CommandLine|contains:\n            - '✋'\n            - '😀'\n    condition: sel"),
];

const EVENTS: Array<[string, Event]> = [
  ['lsass image', sysmon1({ Image: 'C:\\Windows\\System32\\LSASS.EXE', CommandLine: 'lsass.exe', ParentImage: 'C:\\Windows\\System32\\wininit.exe', ProcessId: '612', User: 'SYSTEM' })],
  ['comsvcs dump', sysmon1({ Image: 'C:\\Windows\\System32\\rundll32.exe', CommandLine: 'rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 612 C:\\lsass.dmp full', ParentImage: 'C:\\x\\powershell.exe', ProcessId: '4823' })],
  ['mimikatz', sysmon1({ Image: 'C:\\t\\m.exe', CommandLine: 'm.exe "privilege::debug" "xsekurlsa::logonpasswords"' })],
  ['keyword in message', eventWith({ Channel: 'Security', EventID: '4688' }, { message: 'ran MIMIKATZ here' })],
  ['explorer', sysmon1({ Image: 'C:\\Windows\\explorer.exe', CommandLine: 'explorer.exe' })],
  ['certutil renamed', sysmon1({ Image: 'C:\\t\\cu.exe', OriginalFileName: 'certutil.exe', CommandLine: 'x' })],
  ['reg save', sysmon1({ Image: 'C:\\Windows\\reg.exe', CommandLine: 'reg.exe save HKLM\\SAM C:\\sam' })],
  ['procdump', sysmon1({ Image: 'C:\\t\\pd64.exe', CommandLine: 'procdump64.exe -accepteula -ma lsass.exe C:\\lsass_1.dmp' })],
  ['procdump en dash', sysmon1({ Image: 'C:\\t\\pd64.exe', CommandLine: 'ProcDump64.exe \u2013accepteula -ma LSASS x' })],
  ['whoami', sysmon1({ Image: 'C:\\Windows\\System32\\whoami.exe', CommandLine: 'whoami /all' })],
  ['net without parent', sysmon1({ Image: 'C:\\Windows\\System32\\net.exe', CommandLine: 'net user' })],
  ['security 4688 whoami', eventWith({ Channel: 'Security', EventID: '4688', Image: 'C:\\Windows\\System32\\whoami.exe', CommandLine: 'whoami' })],
  ['linux process', eventWith({ exe: '/usr/bin/base64' }, { source: { type: 'linux-auditd', name: 'a' }, className: 'process', process: { pid: 1, name: 'base64', executable: '/usr/bin/whoami', commandLine: 'echo x | BASE64 -D', parentName: null, parentCommandLine: null } as Event['process'] })],
  ['rdp logon', eventWith({ Channel: 'Security', EventID: '4624', LogonType: '10' })],
  ['powershell as user', sysmon1({ Image: 'C:\\x\\powershell.exe', User: 'alice', CommandLine: 'powershell SeDebugPrivilege' })],
  ['long s', sysmon1({ Image: 'C:\\x\\a.exe', CommandLine: 'a.exe ſekurlſa::x and SEKURLſA' })],
  ['kelvin', sysmon1({ Image: 'C:\\x\\a.exe', CommandLine: 'C:\\\u212Aerberos1\\x' })],
  ['emoji', sysmon1({ Image: 'C:\\x\\a.exe', CommandLine: 'echo ✋' })],
  ['unrelated channel', eventWith({ Channel: 'System', EventID: '7045', ImagePath: 'C:\\lsass.exe' })],
];

const ids = (rules: SigmaDetectionRule[]) => rules.map((r) => r.title);

describe('DetectionRuleSet', () => {
  const naive = new DetectionRuleSet(RULES, { indexed: false });
  const indexed = new DetectionRuleSet(RULES);

  it.each(EVENTS)('%s: the index returns what the plain loop returns', (_name, event) => {
    expect(ids(indexed.match(event))).toEqual(ids(naive.match(event)));
  });

  it('matches what the rules say, in load order', () => {
    const matched = (name: string) => ids(indexed.match(EVENTS.find(([n]) => n === name)?.[1] as Event));
    expect(matched('lsass image')).toEqual(['lsass-endswith', 'not-only', 'wildcard-only', 'numeric-and-exists']);
    expect(matched('comsvcs dump')).toEqual(['cli-contains-and-img', 'not-only', 'wildcard-only', 'regex', 'numeric-and-exists']);
    expect(matched('mimikatz')).toEqual(['contains-only', 'not-only', 'wildcard-only']);
    expect(matched('keyword in message')).toEqual(['keywords', 'not-only']);
    expect(matched('explorer')).toEqual(['wildcard-only']);
    expect(matched('certutil renamed')).toContain('one-of');
    expect(matched('reg save')).toContain('all-of-them');
    expect(matched('procdump')).toEqual(expect.arrayContaining(['inner-wildcards', 'windash', 'regex']));
    expect(matched('procdump en dash')).toEqual(expect.arrayContaining(['inner-wildcards', 'windash']));
    expect(matched('whoami')).toEqual(expect.arrayContaining(['no-product']));
    expect(matched('net without parent')).toContain('null-value');
    expect(matched('security 4688 whoami')).toEqual(expect.arrayContaining(['no-product']));
    expect(matched('linux process')).toEqual(['no-product-linux', 'linux']);
    expect(matched('rdp logon')).toEqual(['security-4624']);
    expect(matched('powershell as user')).toEqual(expect.arrayContaining(['neq', 'cased']));
    expect(matched('emoji')).toContain('emoji');
    expect(matched('unrelated channel')).toEqual([]);
  });

  it('evaluates only the rules an event can match', () => {
    const calls = new Map<string, number>();
    const counted = RULES.map((r) => ({ ...r, matches: (e: Event) => (calls.set(r.title, (calls.get(r.title) ?? 0) + 1), r.matches(e)) }));
    new DetectionRuleSet(counted).match(EVENTS.find(([n]) => n === 'explorer')?.[1] as Event);
    // Rules needing a word or substrings the event lacks are skipped; those forcing nothing are tried.
    expect([...calls.keys()].sort()).toEqual(['cased', 'not-only', 'numeric-and-exists', 'regex', 'wildcard-only'].sort());
  });

  it('keeps routing per key bounded', () => {
    const set = new DetectionRuleSet(RULES, { maxRoutes: 2 });
    for (const [, event] of EVENTS) expect(ids(set.match(event))).toEqual(ids(naive.match(event)));
  });
});

describe('requirementOf', () => {
  const needs = (detection: string) => {
    const r = rule('r', WIN_PROC, detection);
    const requirement = requirementOf(r.detection);
    return requirement.length === 0 ? null : [...requirement[0]].sort();
  };

  it('whole words between known separators, the rarest per value', () => {
    expect(needs("    sel:\n        Image|endswith: '\\lsass.exe'\n    condition: sel")).toEqual(['w:lsass']);
    expect(needs("    sel:\n        OriginalFileName: 'CertUtil.exe'\n    condition: sel")).toEqual(['w:certutil']);
    expect(needs("    sel:\n        EventID: 4624\n    condition: sel")).toEqual(['w:4624']);
  });
  it('substrings where a word may continue outside the value', () => {
    expect(needs("    sel:\n        CommandLine|contains: 'sekurlsa::'\n    condition: sel")).toEqual(['t:sekurlsa::']);
    expect(needs("    sel:\n        CommandLine: '*procdump*-ma*'\n    condition: sel")).toEqual(['t:procdump']);
  });
  it('a conjunction needs each part, cheapest first; a disjunction one of each branch', () => {
    const both = requirementOf(rule('r', WIN_PROC, "    a:\n        Image|endswith: '\\rundll32.exe'\n    b:\n        CommandLine|contains: 'comsvcs'\n    condition: a and b").detection);
    expect(both.map((set) => [...set])).toEqual([['w:rundll32'], ['t:comsvcs']]);
    expect(needs("    a:\n        Image|endswith: '\\rundll32.exe'\n    b:\n        CommandLine|contains: 'x'\n    condition: a and b")).toEqual(['w:rundll32']);
    expect(needs("    a:\n        Image|endswith: '\\rundll32.exe'\n    b:\n        Image|endswith: '\\regsvr32.exe'\n    condition: a or b")).toEqual(['w:regsvr32', 'w:rundll32']);
    expect(needs("    a:\n        Image|endswith:\n            - '\\rundll32.exe'\n            - '\\regsvr32.exe'\n    condition: a")).toEqual(['w:regsvr32', 'w:rundll32']);
  });
  it('nothing when a branch forces nothing', () => {
    expect(needs("    a:\n        Image|endswith: '\\rundll32.exe'\n    b:\n        CommandLine|re: 'x'\n    condition: a or b")).toBeNull();
    expect(needs("    a:\n        Image|endswith: '\\rundll32.exe'\n    condition: not a")).toBeNull();
    expect(needs("    a:\n        CommandLine: '*'\n    condition: a")).toBeNull();
    expect(needs("    a:\n        CommandLine|cased|contains: 'SeDebug'\n    condition: a")).toBeNull();
  });
});
