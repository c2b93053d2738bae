import { DetectionRuleSet } from '../sigma/rule-index';
import { SPEC_FILTER } from '../sigma/sigma-filter.test-util';
import { eventWith } from '../sigma/sigma-test-events.test-util';
import { RuleCatalog } from './rule-catalog';

const RAR_ID = '6f3e2987-db24-4c78-a860-b4f4095a7095';
const JUMP_ID = 'df0841c0-9846-4e9f-ad8a-7df91571771b';
const WHOAMI_ID = '44444444-4444-4444-8444-444444444444';
const FILTER_ID = '5b3a1f4e-4c1d-4d2e-9f6a-0a1b2c3d4e5f';

const winProcess = (id: string, title: string, image: string, extra = '') => `title: ${title}
id: ${id}
${extra}logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\${image}'
    condition: selection
`;

const RULES = {
  'rar.yml': winProcess(RAR_ID, 'Data Compressed - rar.exe', 'rar.exe'),
  'jump.yml': winProcess(JUMP_ID, 'Login on jump host', 'mstsc.exe', 'name: jump_host_login\n'),
  'whoami.yml': winProcess(WHOAMI_ID, 'Whoami', 'whoami.exe'),
};

const sysmon1 = (fields: Record<string, string>) => eventWith({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: '1', ...fields });
const run = (image: string, user: string) => sysmon1({ Image: `C:\\Windows\\System32\\${image}`, User: user, CommandLine: `${image} /x` });
const matching = (catalog: RuleCatalog, event: ReturnType<typeof sysmon1>) => catalog.detectionRules.filter((r) => r.matches(event)).map((r) => r.id);

const filterDoc = (id: string, refs: string[], selection: string, logsource = '    category: process_creation\n    product: windows') => `title: Filter ${id}
id: ${id}
logsource:
${logsource}
filter:
    rules:
${refs.map((r) => `        - ${r}`).join('\n')}
    selection:
        ${selection}
    condition: selection
`;

describe('RuleCatalog with Sigma global filters', () => {
  it('applies the specification example: the referenced rules stay silent for adm_ users only, other rules are untouched', () => {
    const catalog = RuleCatalog.build({ ...RULES, 'mf_admin.yml': SPEC_FILTER });
    expect(catalog.errors).toEqual([]);
    expect(catalog.filterRules.map((f) => f.id)).toEqual([FILTER_ID]);
    expect(catalog.files.find((f) => f.file === 'mf_admin.yml')).toMatchObject({ rules: 1, errors: 0, servedFrom: 'current' });
    expect(matching(catalog, run('rar.exe', 'adm_jdoe'))).toEqual([]);
    expect(matching(catalog, run('mstsc.exe', 'adm_jdoe'))).toEqual([]);
    expect(matching(catalog, run('rar.exe', 'jdoe'))).toEqual([RAR_ID]);
    expect(matching(catalog, run('mstsc.exe', 'jdoe'))).toEqual([JUMP_ID]);
    expect(matching(catalog, run('whoami.exe', 'adm_jdoe'))).toEqual([WHOAMI_ID]);
    expect(catalog.rule(RAR_ID)).toMatchObject({ kind: 'detection', filteredBy: [FILTER_ID] });
    expect(catalog.rule(WHOAMI_ID)).not.toHaveProperty('filteredBy');
  });

  it('does not apply a filter to events outside its log source', () => {
    const linuxOnly = filterDoc(FILTER_ID, [RAR_ID], "User|startswith: 'adm_'", '    category: process_creation\n    product: linux');
    const catalog = RuleCatalog.build({ ...RULES, 'mf_linux.yml': linuxOnly });
    expect(catalog.errors).toEqual([]);
    expect(matching(catalog, run('rar.exe', 'adm_jdoe'))).toEqual([RAR_ID]);
  });

  it('applies every filter that names a rule, by id or by name', () => {
    const byId = filterDoc('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', [RAR_ID, JUMP_ID], "User|startswith: 'adm_'");
    const byName = filterDoc('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', ['jump_host_login'], "CommandLine|contains: '/x'");
    const catalog = RuleCatalog.build({ ...RULES, 'mf_a.yml': byId, 'mf_b.yml': byName });
    expect(catalog.errors).toEqual([]);
    expect(catalog.rule(JUMP_ID)).toMatchObject({ filteredBy: ['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'] });
    expect(matching(catalog, run('mstsc.exe', 'adm_jdoe'))).toEqual([]);
    expect(matching(catalog, run('mstsc.exe', 'jdoe'))).toEqual([]);
    expect(matching(catalog, sysmon1({ Image: 'C:\\Windows\\System32\\mstsc.exe', User: 'jdoe', CommandLine: 'mstsc /v:host' }))).toEqual([JUMP_ID]);
    expect(matching(catalog, run('rar.exe', 'jdoe'))).toEqual([RAR_ID]);
  });

  it('rejects a filter that references an unknown rule or a correlation, naming the file, the line and the reference', () => {
    const correlation = `title: Many\nid: 33333333-3333-4333-8333-333333333333\ncorrelation:\n    type: event_count\n    rules:\n        - ${RAR_ID}\n    group-by:\n        - host.name\n    timespan: 5m\n    condition:\n        gte: 3\n`;
    const unknown = filterDoc(FILTER_ID, [RAR_ID, 'no-such-rule'], "User|startswith: 'adm_'");
    const onCorrelation = filterDoc('cccccccc-cccc-4ccc-8ccc-cccccccccccc', ['33333333-3333-4333-8333-333333333333'], "User: x");
    const catalog = RuleCatalog.build({ ...RULES, 'corr.yml': correlation, 'mf_unknown.yml': unknown, 'mf_corr.yml': onCorrelation });
    expect(catalog.errors).toEqual([
      { file: 'mf_corr.yml', line: 8, reason: 'filter cccccccc-cccc-4ccc-8ccc-cccccccccccc references "33333333-3333-4333-8333-333333333333", which is a correlation rule, not a detection rule' },
      { file: 'mf_unknown.yml', line: 9, reason: `filter ${FILTER_ID} references "no-such-rule", which no loaded rule has as id or name` },
    ]);
    expect(catalog.filterRules).toEqual([]);
    expect(matching(catalog, run('rar.exe', 'adm_jdoe'))).toEqual([RAR_ID]);
  });

  it('rejects a filter id that another rule or filter already has', () => {
    const catalog = RuleCatalog.build({ ...RULES, 'mf_a.yml': SPEC_FILTER, 'mf_b.yml': SPEC_FILTER });
    expect(catalog.errors).toEqual([{ file: 'mf_b.yml', line: 1, reason: `rule id ${FILTER_ID} is already defined in mf_a.yml:1` }]);
    expect(catalog.filterRules).toHaveLength(1);
  });

  it('keeps DetectionRuleSet exact: the indexed set and the plain loop agree with filters applied', () => {
    const many: Record<string, string> = { ...RULES };
    const tools = ['rar.exe', 'mstsc.exe', 'whoami.exe', 'net.exe', 'certutil.exe', 'reg.exe', 'wmic.exe', 'bitsadmin.exe'];
    for (let i = 0; i < 24; i++) {
      const id = `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;
      many[`r${i}.yml`] = winProcess(id, `Tool ${i}`, tools[i % tools.length]);
    }
    const filtered = Object.keys(many).filter((_, i) => i % 2 === 0).map((file) => /^id: (.*)$/m.exec(many[file])?.[1] as string);
    many['mf_admin.yml'] = filterDoc(FILTER_ID, filtered, "User|startswith: 'adm_'");
    many['mf_cli.yml'] = filterDoc('dddddddd-dddd-4ddd-8ddd-dddddddddddd', filtered.slice(0, 4), "CommandLine|contains: 'backup'");
    const catalog = RuleCatalog.build(many);
    expect(catalog.errors).toEqual([]);
    const indexed = new DetectionRuleSet(catalog.detectionRules);
    const plain = new DetectionRuleSet(catalog.detectionRules, { indexed: false });
    let suppressed = 0;
    for (const tool of tools) {
      for (const user of ['adm_root', 'jdoe']) {
        for (const cli of [`${tool} /x`, `${tool} backup`]) {
          const event = sysmon1({ Image: `C:\\Windows\\System32\\${tool}`, User: user, CommandLine: cli });
          const ids = indexed.match(event).map((r) => r.id);
          expect(ids).toEqual(plain.match(event).map((r) => r.id));
          const unfiltered = catalog.detectionRules.filter((r) => r.detection.selection && (r.detection.selection as Record<string, string>)['Image|endswith'] === `\\${tool}`);
          suppressed += unfiltered.length - ids.length;
        }
      }
    }
    expect(suppressed).toBeGreaterThan(0);
  });
});
