import { normalizedEvent } from './rule-index-corpus.test-util';
import { loadSigmaRules } from './rule-loader';
import type { SigmaDetectionRule } from './sigma-rule';

/**
 * Issue 11's two divergences from pySigma, decided in its favour (libs/rules/README.md, "Where Quell
 * reads Sigma as pySigma does"), on records normalized as `quell rules test` does.
 */
function rule(detection: string): SigmaDetectionRule {
  const text = `title: Divergence\nlogsource: { product: windows, service: sysmon }\ndetection:\n${detection}\n`;
  const { rules, errors } = loadSigmaRules(text, 'divergence.yml');
  expect(errors).toEqual([]);
  return rules[0] as SigmaDetectionRule;
}

/** Sysmon 1 as evtx_dump renders it, with the given EventData. */
const sysmon1 = (data: Record<string, unknown>) =>
  normalizedEvent(JSON.stringify({ Event: { System: { EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'ws01' }, EventData: data } }), 'sysmon1');

describe('field: null', () => {
  const noDescription = rule('    selection:\n        Description: null\n    condition: selection');

  it('matches a field the record does not have', () => {
    expect(noDescription.matches(sysmon1({ Image: 'C:\\x.exe' }))).toBe(true);
  });

  it('does not match an empty value, which `field: \'\'` matches', () => {
    const emptyDescription = rule("    selection:\n        Description: ''\n    condition: selection");
    const event = sysmon1({ Image: 'C:\\x.exe', Description: '' });
    expect(noDescription.matches(event)).toBe(false);
    expect(emptyDescription.matches(event)).toBe(true);
  });
});

describe('keyword searches', () => {
  const keyword = (word: string) => rule(`    keywords:\n        - '${word}'\n    condition: keywords`);

  it('do not match a JSON record\'s key names', () => {
    const event = sysmon1({ Image: 'C:\\Windows\\System32\\whoami.exe', ParentCommandLine: 'cmd.exe' });
    expect(keyword('ParentCommandLine').matches(event)).toBe(false);
    expect(keyword('EventData').matches(event)).toBe(false);
  });

  it('match a JSON record\'s values, and a text record (syslog) as written', () => {
    expect(keyword('whoami').matches(sysmon1({ Image: 'C:\\Windows\\System32\\whoami.exe' }))).toBe(true);
    const syslog = normalizedEvent('<38>Nov 30 10:12:03 web01 sshd[4242]: Failed password for root from 192.0.2.7 port 52113 ssh2', 'sshd');
    const linux = loadSigmaRules("title: k\nlogsource: { product: linux }\ndetection:\n    keywords:\n        - 'Failed password'\n    condition: keywords\n", 'k.yml').rules[0] as SigmaDetectionRule;
    expect(linux.matches(syslog)).toBe(true);
  });
});
