import { InventoryError, parseInventory } from './parse-inventory';

/** Hostile inventories: refused with an InventoryError giving the reason (and the line, for YAML), never another exception. */
const ENTRY = '- host: web-1\n  ip: 10.0.0.1\n  owner: &team payments\n';

function refusal(source: string, format: 'yaml' | 'json'): string {
  try {
    parseInventory(source, format);
  } catch (error) {
    if (error instanceof InventoryError) return error.message;
    throw error;
  }
  throw new Error('expected an InventoryError');
}

describe('parseInventory within the input limits', () => {
  it('refuses YAML alias bombs and deep nesting with line and reason', () => {
    const many = `${ENTRY}${Array.from({ length: 120 }, (_, i) => `- host: h${i}\n  owner: *team\n`).join('')}`;
    expect(refusal(many, 'yaml')).toBe('asset inventory is not valid yaml: line 205: uses 120 aliases, at most 100 allowed');
    let laughs = `${ENTRY}- host: lol\n  l0: &l0 [a, a, a, a, a, a, a, a, a]\n`;
    for (let i = 1; i < 9; i++) laughs += `  l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
    expect(refusal(laughs, 'yaml')).toMatch(/^asset inventory is not valid yaml: line 8: aliases expand to more than 100 nodes/);
    expect(refusal(`${ENTRY}- host: deep\n  x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, 'yaml')).toBe('asset inventory is not valid yaml: line 5: nested deeper than 64 levels');
  });

  it('refuses JSON nested deeper than the limit', () => {
    const deep = `[{"host":"web-1","x":${'['.repeat(5_000)}${']'.repeat(5_000)}}]`;
    expect(refusal(deep, 'json')).toBe('asset inventory is not valid json: JSON is nested more than 100 levels deep');
  });

  it('still reads ordinary anchors and a large flat inventory', () => {
    expect(parseInventory(`${ENTRY}- host: web-2\n  owner: *team\n`, 'yaml').lookup({ hostName: 'web-2' })?.owner).toBe('payments');
    const big = Array.from({ length: 20_000 }, (_, i) => `- host: h${i}\n  ip: 10.${(i >> 8) & 255}.${i & 255}.1\n`).join('');
    expect(parseInventory(big, 'yaml').size).toBe(40_000); // a name and an address each
  });
});
