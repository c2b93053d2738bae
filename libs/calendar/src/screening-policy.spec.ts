import { DEFAULT_SCREENING_POLICY, parseScreeningPolicy, ScreeningPolicyError, type ScreeningCase } from './screening-policy';

const covered = (overrides: Partial<ScreeningCase> = {}): ScreeningCase => ({ tenant: 'acme', changeKind: 'normal', level: 'high', alertKind: 'detection', ...overrides });

function problemsOf(text: string): string[] {
  try {
    parseScreeningPolicy(text, 'policy.yaml');
  } catch (error) {
    if (error instanceof ScreeningPolicyError) return error.problems;
    throw error;
  }
  throw new Error('the policy was accepted');
}

describe('screening policy', () => {
  it('by default suppresses what an approved change covers, whatever the change kind', () => {
    for (const changeKind of ['normal', 'standard', 'emergency']) {
      expect(DEFAULT_SCREENING_POLICY.decide(covered({ changeKind }))).toEqual({ action: 'suppress', because: 'built-in: covered by an approved change' });
    }
  });

  it('by default annotates critical alerts, intel hits and changes inside a freeze, never suppresses them', () => {
    expect(DEFAULT_SCREENING_POLICY.decide(covered({ level: 'critical' }))).toEqual({ action: 'annotate', because: 'built-in: critical alerts are annotated, never suppressed' });
    expect(DEFAULT_SCREENING_POLICY.decide(covered({ level: 'CRITICAL' })).action).toBe('annotate');
    expect(DEFAULT_SCREENING_POLICY.decide(covered({ alertKind: 'intel', level: 'low' })).because).toBe('built-in: intel hits are annotated, never suppressed');
    expect(DEFAULT_SCREENING_POLICY.decide(covered({ changeKind: 'freeze' })).action).toBe('annotate');
  });

  it('applies the file’s rules first, first match wins, per tenant, change kind, level and alert kind', () => {
    const policy = parseScreeningPolicy(
      [
        'version: 1',
        'rules:',
        '  - name: emergency changes page anyway at acme',
        '    tenants: [acme]',
        '    changeKinds: [emergency]',
        '    action: annotate',
        '  - name: globex silences even critical during standard changes',
        '    tenants: [globex]',
        '    changeKinds: [standard]',
        '    levels: [critical, high]',
        '    action: suppress',
        '  - alertKinds: [anomaly]',
        '    levels: [low]',
        '    action: annotate',
      ].join('\n'),
      'policy.yaml',
    );
    expect(policy.decide(covered({ changeKind: 'emergency' }))).toEqual({ action: 'annotate', because: 'emergency changes page anyway at acme' });
    expect(policy.decide(covered({ tenant: 'globex', changeKind: 'emergency' })).action).toBe('suppress');
    expect(policy.decide(covered({ tenant: 'globex', changeKind: 'standard', level: 'critical' })).action).toBe('suppress');
    expect(policy.decide(covered({ tenant: 'acme', changeKind: 'standard', level: 'critical' })).action).toBe('annotate');
    expect(policy.decide(covered({ alertKind: 'anomaly', level: 'low' }))).toEqual({ action: 'annotate', because: 'policy.yaml rule 3' });
    expect(policy.decide(covered({ alertKind: 'anomaly', level: 'medium' })).action).toBe('suppress');
  });

  it('an empty policy file is the built-in policy', () => {
    expect(parseScreeningPolicy('version: 1\n', 'policy.yaml').decide(covered({ level: 'critical' })).action).toBe('annotate');
  });

  it('names the file, line and key of every mistake', () => {
    const text = ['version: 1', 'rules:', '  - levels: [severe]', '    action: annotate', '  - changeKinds: []', '    action: silence', '    when: always'].join('\n');
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^policy\.yaml:3: rules\.0\.levels\.0: Invalid option: expected one of "informational"\|"low"/),
      'policy.yaml:5: rules.1.changeKinds: Too small: expected array to have >=1 items',
      expect.stringMatching(/^policy\.yaml:6: rules\.1\.action: Invalid option: expected one of "suppress"\|"annotate"/),
      expect.stringMatching(/^policy\.yaml:5: rules\.1: Unrecognized key: "when"/),
    ]);
  });

  it('refuses a wrong version, a YAML syntax error and a repeated key with their line', () => {
    expect(problemsOf('version: 2\n')).toEqual([expect.stringMatching(/^policy\.yaml:1: version: /)]);
    expect(problemsOf('version: 1\nrules: [\n')[0]).toMatch(/^policy\.yaml:\d+: YAML: /);
    expect(problemsOf('version: 1\nversion: 1\n')[0]).toMatch(/^policy\.yaml:2: YAML: /);
  });
});
