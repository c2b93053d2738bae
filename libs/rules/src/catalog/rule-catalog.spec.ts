import { RuleCatalog } from './rule-catalog';
import { RuleLoadCache } from './rule-load-cache';

const detection = (id: string, title: string, extra = '') => `title: ${title}
id: ${id}
status: test
level: medium
author: Analyst
logsource:
    product: linux
    category: process_creation
detection:
    selection:
        Image|endswith: '/${title.toLowerCase()}'
    condition: selection
${extra}`;

const ID_A = '11111111-1111-4111-8111-111111111111';
const ID_B = '22222222-2222-4222-8222-222222222222';
const ID_C = '33333333-3333-4333-8333-333333333333';

const correlation = (id: string, refs: string[]) => `title: Many
id: ${id}
level: high
correlation:
    type: event_count
    rules:
${refs.map((r) => `        - ${r}`).join('\n')}
    group-by:
        - host.name
    timespan: 5m
    condition:
        gte: 3
`;

describe('RuleCatalog.build', () => {
  it('loads detections and correlations from every file into one snapshot with a content version', () => {
    const files = { 'a.yml': detection(ID_A, 'Curl'), 'nested/b.yml': correlation(ID_B, [ID_A]) };
    const catalog = RuleCatalog.build(files);
    expect(catalog.errors).toEqual([]);
    expect(catalog.detectionRules.map((r) => r.id)).toEqual([ID_A]);
    expect(catalog.correlationRules.map((r) => [r.id, r.file])).toEqual([[ID_B, 'nested/b.yml']]);
    expect(catalog.correlations.get(ID_B)?.rules).toEqual([ID_A]);
    expect(catalog.correlations.targetsOf({ ruleId: ID_A })).toHaveLength(1);
    expect(catalog.rule(ID_A)?.title).toBe('Curl');
    expect(catalog.version).toMatch(/^[0-9a-f]{64}$/);
    expect(RuleCatalog.build(new Map(Object.entries(files).reverse())).version).toBe(catalog.version);
    expect(RuleCatalog.build({ ...files, 'a.yml': detection(ID_A, 'Wget') }).version).not.toBe(catalog.version);
    expect(Object.isFrozen(catalog.detectionRules)).toBe(true);
  });

  it('keeps the other files when one is broken, and names the file, line and reason', () => {
    const catalog = RuleCatalog.build({ 'good.yml': detection(ID_A, 'Curl'), 'bad.yml': detection(ID_B, 'Wget').replace('level: medium', 'level: loud') });
    expect(catalog.detectionRules.map((r) => r.file)).toEqual(['good.yml']);
    expect(catalog.errors).toEqual([{ file: 'bad.yml', line: 4, reason: 'level "loud" is not one of informational, low, medium, high, critical' }]);
    expect(catalog.files).toEqual([
      { file: 'bad.yml', hash: expect.any(String), rules: 0, errors: 1, servedFrom: 'none' },
      { file: 'good.yml', hash: expect.any(String), rules: 1, errors: 0, servedFrom: 'current' },
    ]);
  });

  it('reports invalid YAML with its line', () => {
    const catalog = RuleCatalog.build({ 'broken.yml': 'title: x\ndetection: [unclosed\n' });
    expect(catalog.errors).toEqual([{ file: 'broken.yml', line: expect.any(Number), reason: expect.stringMatching(/^YAML: /) }]);
    expect(catalog.errors[0].line).toBeGreaterThanOrEqual(2);
  });

  it('rejects a rule id defined twice, naming both files, and keeps the first by file name', () => {
    const catalog = RuleCatalog.build({ 'z.yml': detection(ID_A, 'Wget'), 'a.yml': detection(ID_A, 'Curl') });
    expect(catalog.detectionRules.map((r) => r.title)).toEqual(['Curl']);
    expect(catalog.errors).toEqual([{ file: 'z.yml', line: 1, reason: `rule id ${ID_A} is already defined in a.yml:1` }]);
  });

  it('rejects a rule name used twice in one file', () => {
    const two = `${detection(ID_A, 'Curl', 'name: fetch\n')}---\n${detection(ID_B, 'Wget', 'name: fetch\n')}`;
    const catalog = RuleCatalog.build({ 'two.yml': two });
    expect(catalog.errors).toEqual([{ file: 'two.yml', line: 15, reason: 'rule name fetch is already defined in line 1 of this file' }]);
  });

  it('rejects a correlation that references a missing rule, on the line of its rules, and the correlations chained on it', () => {
    const outer = correlation(ID_C, [ID_B]).replace('type: event_count', 'type: event_count');
    const catalog = RuleCatalog.build({ 'a.yml': detection(ID_A, 'Curl'), 'b.yml': correlation(ID_B, ['not-loaded']), 'c.yml': outer });
    expect(catalog.correlationRules).toEqual([]);
    expect(catalog.errors).toEqual([
      { file: 'b.yml', line: 7, reason: `correlation ${ID_B} references "not-loaded", which no loaded rule has as id or name` },
      { file: 'c.yml', line: 7, reason: `correlation ${ID_C} references "${ID_B}", which no loaded rule has as id or name` },
    ]);
    expect(catalog.detectionRules).toHaveLength(1);
  });

  it('places a correlation section error on its line', () => {
    const catalog = RuleCatalog.build({ 'a.yml': detection(ID_A, 'Curl'), 'b.yml': correlation(ID_B, [ID_A]).replace('timespan: 5m', 'timespan: 5 minutes') });
    expect(catalog.errors).toEqual([{ file: 'b.yml', line: 10, reason: expect.stringMatching(/^correlation\.timespan: must be a positive whole number/) }]);
  });

  it('rejects correlations that chain into a cycle', () => {
    const catalog = RuleCatalog.build({ 'b.yml': correlation(ID_B, [ID_C]), 'c.yml': correlation(ID_C, [ID_B]) });
    expect(catalog.correlationRules).toEqual([]);
    expect(catalog.errors).toEqual([
      { file: 'b.yml', line: 1, reason: `correlation ${ID_B}: correlations reference each other in a cycle: ${ID_B} -> ${ID_C} -> ${ID_B}` },
      { file: 'c.yml', line: 7, reason: `correlation ${ID_C} references "${ID_B}", which no loaded rule has as id or name` },
    ]);
  });

  describe('with the last good texts', () => {
    it('keeps serving the last good rules of a file whose new text is rejected, flagged in its errors', () => {
      const good = RuleCatalog.build({ 'a.yml': detection(ID_A, 'Curl'), 'b.yml': correlation(ID_B, [ID_A]) });
      const broken = RuleCatalog.build({ 'a.yml': detection(ID_A, 'Curl').replace('condition: selection', 'condition: selection and'), 'b.yml': correlation(ID_B, [ID_A]) }, { lastGood: good.servedTexts });
      expect(broken.detectionRules.map((r) => r.title)).toEqual(['Curl']);
      expect(broken.correlationRules).toHaveLength(1);
      expect(broken.errors).toEqual([{ file: 'a.yml', line: 12, reason: expect.stringMatching(/^condition/), servingPrevious: true }]);
      expect(broken.files.find((f) => f.file === 'a.yml')).toMatchObject({ servedFrom: 'previous', rules: 1, errors: 1 });
      expect(broken.servedTexts.get('a.yml')).toBe(good.servedTexts.get('a.yml'));
      expect(broken.version).not.toBe(good.version);

      const fixed = RuleCatalog.build({ 'a.yml': detection(ID_A, 'Wget'), 'b.yml': correlation(ID_B, [ID_A]) }, { lastGood: broken.servedTexts });
      expect(fixed.errors).toEqual([]);
      expect(fixed.detectionRules.map((r) => r.title)).toEqual(['Wget']);
    });

    it('falls back when a new text conflicts with another file, and serves nothing new of a file never good', () => {
      const good = RuleCatalog.build({ 'a.yml': detection(ID_A, 'Curl'), 'b.yml': detection(ID_B, 'Wget') });
      const clash = RuleCatalog.build({ 'a.yml': detection(ID_A, 'Curl'), 'b.yml': detection(ID_A, 'Wget'), 'c.yml': 'title: [' }, { lastGood: good.servedTexts });
      expect(clash.detectionRules.map((r) => r.id)).toEqual([ID_A, ID_B]);
      expect(clash.errors.map((e) => [e.file, e.servingPrevious ?? false])).toEqual([
        ['b.yml', true],
        ['c.yml', false],
      ]);
      expect([...clash.servedTexts.keys()]).toEqual(['a.yml', 'b.yml']);
    });
  });
});

describe('RuleCatalog.build conflicts with rules already served', () => {
  it('lets the file already served keep its id when a newcomer sorted before it claims the same id', () => {
    const served = RuleCatalog.build({ 'm.yml': detection(ID_A, 'Curl') });
    const next = RuleCatalog.build({ 'a.yml': detection(ID_A, 'Wget'), 'm.yml': detection(ID_A, 'Curl') }, { lastGood: served.servedTexts });
    expect(next.detectionRules.map((r) => [r.file, r.title])).toEqual([['m.yml', 'Curl']]);
    expect(next.errors).toEqual([{ file: 'a.yml', line: 1, reason: `rule id ${ID_A} is already defined in m.yml:1` }]);
  });
});

describe('RuleCatalog.build with a load cache', () => {
  it('reuses the compiled rules of unchanged files and forgets files no longer built', () => {
    const cache = new RuleLoadCache();
    const first = RuleCatalog.build({ 'a.yml': detection(ID_A, 'Curl'), 'b.yml': detection(ID_B, 'Wget') }, { cache });
    const second = RuleCatalog.build({ 'a.yml': detection(ID_A, 'Curl'), 'b.yml': detection(ID_B, 'Scp') }, { cache });
    expect(second.rule(ID_A)).toBe(first.rule(ID_A));
    expect(second.rule(ID_B)).not.toBe(first.rule(ID_B));
    expect(second.rule(ID_B)?.title).toBe('Scp');
    expect(cache.size).toBe(2);
    RuleCatalog.build({ 'a.yml': detection(ID_A, 'Curl') }, { cache });
    expect(cache.size).toBe(1);
  });
});
