import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSigmaRules } from './rule-loader';
import type { SigmaFilterRule } from './sigma-rule';
import { SPEC_FILTER } from './sigma-filter.test-util';
import { eventWith } from './sigma-test-events.test-util';


const sysmon1 = (fields: Record<string, string>) => eventWith({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: '1', ...fields });

function loadFilter(text: string): SigmaFilterRule {
  const result = loadSigmaRules(text, 'mf_filter.yml');
  expect(result.errors).toEqual([]);
  expect(result.rules).toEqual([]);
  expect(result.filters).toHaveLength(1);
  return (result.filters as SigmaFilterRule[])[0];
}

describe('Sigma global filter documents', () => {
  it('loads the specification example as kind filter, with its references and a compiled condition', () => {
    const filter = loadFilter(SPEC_FILTER);
    expect(filter).toMatchObject({
      kind: 'filter',
      id: '5b3a1f4e-4c1d-4d2e-9f6a-0a1b2c3d4e5f',
      title: 'Filter Administrator account',
      description: 'The valid administrator account start with adm_',
      logsource: { category: 'process_creation', product: 'windows' },
      rules: ['6f3e2987-db24-4c78-a860-b4f4095a7095', 'df0841c0-9846-4e9f-ad8a-7df91571771b'],
      detection: { selection: { 'User|startswith': 'adm_' }, condition: 'selection' },
      file: 'mf_filter.yml',
      line: 1,
    });
    expect(filter.matches(sysmon1({ User: 'adm_jdoe' }))).toBe(true);
    expect(filter.matches(sysmon1({ User: 'jdoe' }))).toBe(false);
  });

  // The JSON schema (json-schema/sigma-filters-schema.json), checked by hand on the example:
  // required title (string, at most 256), logsource (map) and filter (map) with required rules
  // (list of at least one unique string), selection (map or list) and condition (string).
  it('meets what the specification JSON schema requires of the example', () => {
    const filter = loadFilter(SPEC_FILTER);
    expect(typeof filter.title).toBe('string');
    expect(filter.title.length).toBeLessThanOrEqual(256);
    expect(filter.rules.length).toBeGreaterThanOrEqual(1);
    expect(new Set(filter.rules).size).toBe(filter.rules.length);
    expect(typeof filter.detection.selection).toBe('object');
    expect(typeof filter.detection.condition).toBe('string');
    expect(filter.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('loads a filter without an id (optional) that names a rule by name, and a negated condition', () => {
    const filter = loadFilter(SPEC_FILTER.replace(/^id: .*\n/m, '').replace(/ {8}- 6f3e.*\n {8}- df08.*\n/, '        - jump_host_login\n').replace('condition: selection', 'condition: not selection'));
    expect(filter.id).toBeNull();
    expect(filter.rules).toEqual(['jump_host_login']);
    expect(filter.matches(sysmon1({ User: 'adm_jdoe' }))).toBe(false);
    expect(filter.matches(sysmon1({ User: 'jdoe' }))).toBe(true);
  });

  it('keeps filters apart from rules in a multi-document file', () => {
    const rule = `title: Rar\nid: 6f3e2987-db24-4c78-a860-b4f4095a7095\nlogsource:\n    category: process_creation\n    product: windows\ndetection:\n    sel:\n        Image|endswith: '\\rar.exe'\n    condition: sel\n`;
    const result = loadSigmaRules(`${rule}---\n${SPEC_FILTER}`, 'both.yml');
    expect(result.errors).toEqual([]);
    expect(result.rules.map((r) => r.kind)).toEqual(['detection']);
    expect(result.filters?.map((f) => [f.kind, f.line])).toEqual([['filter', 11]]);
  });

  it('loads every filter of the specification schema tests, read in place', () => {
    const dir = join(__dirname, '../../../../../shared/corpora/sigma-specification/tests/schema/filter');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const result = loadSigmaRules(readFileSync(join(dir, file), 'utf8'), file);
      expect(result.errors).toEqual([]);
      expect(result.filters?.map((f) => f.rules)).toEqual([['6f3e2987-db24-4c78-a860-b4f4095a7095', 'df0841c0-9846-4e9f-ad8a-7df91571771b']]);
    }
  });

  describe('rejects an invalid filter document with the line and the reason', () => {
    const errorsOf = (text: string) => loadSigmaRules(text, 'mf_bad.yml').errors;

    it.each([
      ['rules missing', SPEC_FILTER.replace(/ {4}rules:\n.*\n.*\n/, ''), 8, 'filter.rules is required (a list of rule ids or names)'],
      ['rules empty', SPEC_FILTER.replace(/ {4}rules:\n.*\n.*\n/, '    rules: []\n'), 8, 'filter.rules must name at least one rule'],
      ['rules not strings', SPEC_FILTER.replace(/ {8}- df08.*\n/, '        - { id: x }\n'), 10, 'filter.rules must hold rule ids or names (strings)'],
      ['rules repeated', SPEC_FILTER.replace(/df0841c0-9846-4e9f-ad8a-7df91571771b/, '6f3e2987-db24-4c78-a860-b4f4095a7095'), 10, 'filter.rules names "6f3e2987-db24-4c78-a860-b4f4095a7095" twice'],
      ['selection missing', SPEC_FILTER.replace(/ {4}selection:\n.*\n/, ''), 8, 'filter.selection is required'],
      ['selection scalar', SPEC_FILTER.replace(/ {4}selection:\n.*\n/, '    selection: adm_\n'), 11, 'filter.selection must be a map or a list'],
      ['condition missing', SPEC_FILTER.replace(/ {4}condition: selection\n/, ''), 8, 'filter.condition is required (a string)'],
      ['condition naming nothing', SPEC_FILTER.replace('condition: selection', 'condition: selection and other'), 13, 'condition names "other", which the detection does not define'],
      ['filter not a map', SPEC_FILTER.replace(/filter:\n[\s\S]*$/, 'filter: [a, b]\n'), 7, 'filter is required (a map)'],
      ['logsource missing', SPEC_FILTER.replace(/logsource:\n.*\n.*\n/, ''), 1, 'logsource is required (a map)'],
      ['title missing', SPEC_FILTER.replace(/^title: .*\n/, ''), 1, 'title is required (a string)'],
      ['id not a UUID', SPEC_FILTER.replace(/^id: .*$/m, 'id: adm-filter'), 2, 'id "adm-filter" is not a UUID'],
    ])('%s', (_case, text, line, reason) => {
      expect(errorsOf(text)).toEqual([{ file: 'mf_bad.yml', line, reason }]);
    });

    it('places an error inside a selection on its line', () => {
      expect(errorsOf(SPEC_FILTER.replace("User|startswith: 'adm_'", "User|re: '(unclosed'"))).toEqual([{ file: 'mf_bad.yml', line: 12, reason: expect.any(String) }]);
    });
  });
});
