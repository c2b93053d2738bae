import { RuleCatalog } from './rule-catalog';
import { RuleLoadCache } from './rule-load-cache';

const detection = (id: string, tool: string) => `title: ${tool}
id: ${id}
logsource:
    product: linux
    category: process_creation
detection:
    selection:
        Image|endswith: '/${tool}'
    condition: selection
`;

const ID_A = '11111111-1111-4111-8111-111111111111';
const ID_B = '22222222-2222-4222-8222-222222222222';
const ALIAS_BOMB = `${detection('bomb', 'x')}fields: &f [a]\nmore: [${Array(120).fill('*f').join(', ')}]\n`;

describe('RuleCatalog.build with hostile files', () => {
  it('rejects an alias bomb on its file and line; the other files are served, and a later valid file loads', () => {
    const first = RuleCatalog.build({ 'a.yml': detection(ID_A, 'curl'), 'bomb.yml': ALIAS_BOMB });
    expect(first.detectionRules.map((r) => r.id)).toEqual([ID_A]);
    expect(first.errors).toEqual([{ file: 'bomb.yml', line: 11, reason: 'YAML: uses 120 aliases, at most 100 allowed' }]);
    const next = RuleCatalog.build({ 'a.yml': detection(ID_A, 'curl'), 'b.yml': detection(ID_B, 'wget'), 'bomb.yml': ALIAS_BOMB }, { lastGood: first.servedTexts });
    expect(next.detectionRules.map((r) => r.id)).toEqual([ID_A, ID_B]);
    expect(next.errors.map((e) => e.file)).toEqual(['bomb.yml']);
  });

  it('a file whose load fails unexpectedly is rejected alone, with the reason', () => {
    class FailingCache extends RuleLoadCache {
      override load(text: string, file: string, options: Parameters<RuleLoadCache['load']>[2]) {
        if (file === 'odd.yml') throw new RangeError('Maximum call stack size exceeded');
        return super.load(text, file, options);
      }
    }
    const catalog = RuleCatalog.build({ 'a.yml': detection(ID_A, 'curl'), 'odd.yml': detection(ID_B, 'wget') }, { cache: new FailingCache() });
    expect(catalog.detectionRules.map((r) => r.id)).toEqual([ID_A]);
    expect(catalog.errors).toEqual([{ file: 'odd.yml', line: 1, reason: 'the file could not be loaded: Maximum call stack size exceeded' }]);
  });
});
