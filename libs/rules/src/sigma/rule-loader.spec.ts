import { loadSigmaRules } from './rule-loader';
import type { SigmaDetectionRule } from './sigma-rule';
import { eventWith } from './sigma-test-events.test-util';

const RULE = `title: Whoami Execution
id: 502b42de-4306-40b4-9596-6f590c81f073
status: test
level: high
author: Someone
tags:
    - attack.discovery
    - attack.t1033
    - attack.privilege_escalation
    - car.2016-03-001
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\whoami.exe'
    condition: selection
fields:
    - CommandLine
falsepositives:
    - Admin activity
`;

describe('loadSigmaRules', () => {
  it('types a detection rule and compiles its detection', () => {
    const { rules, errors } = loadSigmaRules(RULE, 'whoami.yml');
    expect(errors).toEqual([]);
    const rule = rules[0] as SigmaDetectionRule;
    expect(rule).toMatchObject({
      kind: 'detection',
      id: '502b42de-4306-40b4-9596-6f590c81f073',
      title: 'Whoami Execution',
      status: 'test',
      level: 'high',
      author: 'Someone',
      tactics: ['discovery', 'privilege-escalation'],
      techniques: ['T1033'],
      // ATT&CK tags in one style, as Sigma writes them now: `privilege_escalation` becomes `privilege-escalation`.
      tags: ['attack.discovery', 'attack.t1033', 'attack.privilege-escalation', 'car.2016-03-001'],
      logsource: { category: 'process_creation', product: 'windows' },
      fields: ['CommandLine'],
      falsepositives: ['Admin activity'],
      file: 'whoami.yml',
      line: 1,
    });
    expect(rule.matches(eventWith({ Image: 'C:\\Windows\\System32\\WHOAMI.EXE' }))).toBe(true);
    expect(rule.matches(eventWith({ Image: 'C:\\cmd.exe' }))).toBe(false);
  });

  it('names the file, the line and the reason of a rejected rule', () => {
    const badRegex = RULE.replace("Image|endswith: '\\whoami.exe'", "Image|re: '(?<=x)a'");
    expect(loadSigmaRules(badRegex, 'r.yml').errors).toEqual([{ file: 'r.yml', line: 16, reason: expect.stringMatching(/^Image: regular expression RE2 cannot run/) }]);
    expect(loadSigmaRules(RULE.replace('level: high', 'level: severe'), 'r.yml').errors).toEqual([
      { file: 'r.yml', line: 4, reason: 'level "severe" is not one of informational, low, medium, high, critical' },
    ]);
    expect(loadSigmaRules(RULE.replace('Image|endswith', 'Image|sometimes'), 'r.yml').errors[0]).toMatchObject({ line: 16, reason: 'Image|sometimes: unknown modifier "sometimes"' });
    expect(loadSigmaRules(RULE.replace('condition: selection', 'condition: selection and'), 'r.yml').errors[0]).toMatchObject({ line: 17 });
    expect(loadSigmaRules(RULE.replace('title: Whoami Execution\n', ''), 'r.yml').errors[0].reason).toBe('title is required (a string)');
    expect(loadSigmaRules('title: [unclosed\n', 'r.yml').errors[0]).toMatchObject({ file: 'r.yml', line: 2, reason: expect.stringMatching(/^YAML:/) });
  });

  it('reads several documents: a correlation rule is recognised with the rules it names', () => {
    const correlation = `title: Many whoami
id: 0e95725d-7320-415d-80f7-004da920fc11
correlation:
    type: event_count
    rules:
        - 502b42de-4306-40b4-9596-6f590c81f073
    group-by:
        - Computer
    timespan: 5m
    condition:
        gte: 10
level: high
---
${RULE}`;
    const { rules, errors } = loadSigmaRules(correlation, 'c.yml');
    expect(errors).toEqual([]);
    expect(rules.map((r) => [r.kind, r.line])).toEqual([
      ['correlation', 1],
      ['detection', 14],
    ]);
    expect(rules[0]).toMatchObject({ kind: 'correlation', correlation: { type: 'event_count', timespan: '5m' } });
  });

  it('merges action: global into the rules after it', () => {
    const collection = `action: global
title: Shared
logsource:
    product: windows
detection:
    condition: selection
---
detection:
    selection:
        EventID: 1
---
detection:
    selection:
        EventID: 2
`;
    const { rules, errors } = loadSigmaRules(collection, 'g.yml');
    expect(errors).toEqual([]);
    expect(rules).toHaveLength(2);
    expect((rules[1] as SigmaDetectionRule).matches(eventWith({ EventID: '2' }))).toBe(true);
  });

  it('never runs YAML tags: an unknown tag is read as plain text', () => {
    const result = loadSigmaRules(`${RULE}extra: !!js/function 'function () { throw 1 }'\n`, 'r.yml');
    expect(result.errors).toEqual([]);
    expect(result.rules).toHaveLength(1);
  });
});
