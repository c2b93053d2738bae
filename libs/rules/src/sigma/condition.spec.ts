import { parseCondition } from './condition-parser';
import { compileDetection } from './detection-compiler';
import { createFieldResolver } from './field-resolver';
import { matchInputOf } from './match-input';
import { SigmaRuleError } from './sigma-rule';
import { eventWith } from './sigma-test-events.test-util';

/** Searches a1, a2, b, filter1, _hidden: each true when the event has that field set to "1". */
const searches = { a1: { A1: 1 }, a2: { A2: 1 }, b: { B: 1 }, filter1: { F: 1 }, _hidden: { H: 1 } };
function holds(condition: string | string[], fields: string[]): boolean {
  const event = eventWith(Object.fromEntries(fields.map((f) => [f, '1'])));
  return compileDetection({ ...searches, condition })(matchInputOf(event, createFieldResolver()));
}

describe('condition parser', () => {
  it('precedence: not binds tighter than and, and tighter than or', () => {
    expect(parseCondition('a or b and not c')).toEqual({
      type: 'or',
      left: { type: 'ref', name: 'a' },
      right: { type: 'and', left: { type: 'ref', name: 'b' }, right: { type: 'not', operand: { type: 'ref', name: 'c' } } },
    });
  });
  it('parentheses group; quantifiers parse', () => {
    expect(parseCondition('(a or b) and 1 of sel* and all of them')).toEqual({
      type: 'and',
      left: { type: 'and', left: { type: 'or', left: { type: 'ref', name: 'a' }, right: { type: 'ref', name: 'b' } }, right: { type: 'of', quantifier: 1, target: 'sel*' } },
      right: { type: 'of', quantifier: 'all', target: 'them' },
    });
  });
  it.each(['a and', '(a or b', 'a b', 'and a', '1 of', 'a | count() > 5', 'a & b', 'x of them'])('rejects "%s"', (text) => {
    expect(() => parseCondition(text)).toThrow(SigmaRuleError);
  });
});

describe('condition semantics (spec examples)', () => {
  it('keywords1 or keywords2 / and / not', () => {
    expect(holds('a1 or b', ['B'])).toBe(true);
    expect(holds('a1 and b', ['B'])).toBe(false);
    expect(holds('b and not filter1', ['B'])).toBe(true);
    expect(holds('b and not filter1', ['B', 'F'])).toBe(false);
  });
  it('selection1 and (keywords1 or keywords2)', () => {
    expect(holds('b and (a1 or a2)', ['B', 'A2'])).toBe(true);
    expect(holds('b and a1 or a2', ['A2'])).toBe(true);
    expect(holds('b and (a1 or a2)', ['A2'])).toBe(false);
  });
  it('1 of / all of a pattern', () => {
    expect(holds('1 of a*', ['A2'])).toBe(true);
    expect(holds('all of a*', ['A2'])).toBe(false);
    expect(holds('all of a*', ['A1', 'A2'])).toBe(true);
    expect(holds('1 of a* and not 1 of filter*', ['A1', 'F'])).toBe(false);
    expect(holds('2 of a*', ['A1'])).toBe(false);
  });
  it('1 of them / all of them leave out identifiers starting with _', () => {
    expect(holds('1 of them', ['H'])).toBe(false);
    expect(holds('1 of them', ['F'])).toBe(true);
    expect(holds('all of them', ['A1', 'A2', 'B', 'F'])).toBe(true);
    expect(holds('_hidden', ['H'])).toBe(true);
  });
  it('a list of conditions is OR', () => {
    expect(holds(['a1', 'b'], ['B'])).toBe(true);
  });
  it('an unknown identifier or an empty pattern is a load error', () => {
    expect(() => holds('nope', [])).toThrow(/does not define/);
    expect(() => holds('1 of zz*', [])).toThrow(/matches no search identifier/);
  });
});

describe('search identifiers', () => {
  const run = (detection: Record<string, unknown>, event = eventWith({})) => compileDetection(detection)(matchInputOf(event, createFieldResolver()));
  it('a map is AND of its fields; a list of maps is OR', () => {
    const detection = { sel: { Image: 'a', User: 'b' }, condition: 'sel' };
    expect(run(detection, eventWith({ Image: 'a', User: 'b' }))).toBe(true);
    expect(run(detection, eventWith({ Image: 'a' }))).toBe(false);
    const either = { sel: [{ Image: 'a' }, { User: 'b' }], condition: 'sel' };
    expect(run(either, eventWith({ User: 'b' }))).toBe(true);
  });
  it('keywords search message, raw text and original values; |all needs every keyword', () => {
    const keywords = { keywords: ['event::clear', 'event::drop'], condition: 'keywords' };
    expect(run(keywords, eventWith({}, { message: 'mimikatz EVENT::DROP' }))).toBe(true);
    expect(run(keywords, eventWith({ Payload: 'x event::clear' }))).toBe(true);
    expect(run(keywords, eventWith({}, { rawText: 'nothing' }))).toBe(false);
    const all = { keywords_cmdlet: { '|all': ['OabVirtualDirectory', ' -ExternalUrl '] }, condition: 'keywords_cmdlet' };
    expect(run(all, eventWith({}, { rawText: 'Set-OabVirtualDirectory -ExternalUrl x' }))).toBe(true);
    expect(run(all, eventWith({}, { rawText: 'Set-OabVirtualDirectory' }))).toBe(false);
  });
});
