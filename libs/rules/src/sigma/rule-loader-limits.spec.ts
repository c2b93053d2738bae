import { loadSigmaRules } from './rule-loader';

/**
 * Hostile YAML in a rule file: each bomb is a rejected document with its line and a reason the
 * author can act on, never an exception, and the file's other documents still load.
 */
const rule = (id: string, extra = ''): string => `title: Whoami ${id}
id: ${id}
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\whoami.exe'${extra}
    condition: selection
`;

const ID_A = '11111111-1111-4111-8111-111111111111';
const ID_B = '22222222-2222-4222-8222-222222222222';

describe('loadSigmaRules within the YAML input limits', () => {
  it('rejects a rule with 120 references to one anchor, on the line of the 101st', () => {
    const text = `${rule(ID_A).replace("Image|endswith: '\\whoami.exe'", "Image|endswith: &tool '\\whoami.exe'")}fields:\n${'    - *tool\n'.repeat(120)}`;
    const { rules, errors } = loadSigmaRules(text, 'aliases.yml');
    expect(rules).toEqual([]);
    expect(errors).toEqual([{ file: 'aliases.yml', line: 111, reason: 'YAML: uses 120 aliases, at most 100 allowed' }]);
  });

  it('rejects a billion laughs and a 10,000-deep document, and keeps the documents around them', () => {
    let laughs = 'lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 9; i++) laughs += `lol${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
    const text = [rule(ID_A), `${rule('laughs')}${laughs}`, `title: deep\nx: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, rule(ID_B)].join('---\n');
    const started = Date.now();
    const { rules, errors } = loadSigmaRules(text, 'bombs.yml');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(rules.map((r) => r.id)).toEqual([ID_A, ID_B]);
    expect(errors).toEqual([
      { file: 'bombs.yml', line: 23, reason: 'YAML: aliases expand to more than 100 nodes (counting the aliases inside anchored nodes)' },
      { file: 'bombs.yml', line: 31, reason: 'YAML: nested deeper than 64 levels' },
    ]);
  });

  it('rejects a detection nested deeper than the limit in block style', () => {
    const deep = Array.from({ length: 70 }, (_, i) => `${'    '.repeat(i + 2)}k${i}:\n`).join('');
    const { errors } = loadSigmaRules(rule(ID_A).replace('    condition: selection\n', `    nested:\n${deep}    condition: selection\n`), 'deep.yml');
    expect(errors).toEqual([{ file: 'deep.yml', line: 72, reason: 'YAML: nested deeper than 64 levels' }]);
  });

  it('rejects a repeated key with both lines', () => {
    const { errors } = loadSigmaRules(rule(ID_A).replace('logsource:', 'title: again\nlogsource:'), 'twice.yml');
    expect(errors).toEqual([{ file: 'twice.yml', line: 3, reason: 'YAML: map key "title" is already defined on line 1' }]);
  });

  it.each([
    ['20,000 parentheses', `${'('.repeat(20_000)}selection${')'.repeat(20_000)}`, 'nested deeper than 32 levels of parentheses and not at column 33'],
    ['20,000 nots', `${'not '.repeat(20_000)}selection`, 'nested deeper than 32 levels of parentheses and not at column 129'],
    ['20,000 ands', Array(20_000).fill('selection').join(' and '), 'more than 256 and/or operators at column 3595'],
  ])('rejects a condition of %s with the reason, the column and the condition cut short', (_name, condition, reason) => {
    const { errors } = loadSigmaRules(rule(ID_A).replace('condition: selection', `condition: "${condition}"`), 'cond.yml');
    expect(errors).toEqual([{ file: 'cond.yml', line: 9, reason: `condition "${condition.slice(0, 117)}...": ${reason}` }]);
  });
});
