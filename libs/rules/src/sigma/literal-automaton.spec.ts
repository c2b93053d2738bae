import { anyPrefix, anySubstring, anySuffix } from './literal-automaton';

/** A small deterministic generator (tests must not depend on Math.random). */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}
// Few distinct characters make overlaps, shared prefixes and fail links likely; the rest cover Latin-1, BMP and surrogates.
const ALPHABET = ['a', 'b', 'c', 'ab', 'é', 'ÿ', 'Ā', '\u2013', '🦆', '🦅', '\\'];

function randomText(next: (n: number) => number, max: number): string {
  let text = '';
  for (let n = next(max + 1); n > 0; n--) text += ALPHABET[next(ALPHABET.length)];
  return text;
}

describe('literal automata', () => {
  it('Aho–Corasick finds a literal whose start lies inside another literal (fail links)', () => {
    const test = anySubstring(['he', 'she', 'his', 'hers', 'abcd', 'bce']);
    expect(test('ushers')).toBe(true);
    expect(test('abce')).toBe(true);
    expect(test('xhix')).toBe(false);
    expect(test('abcx')).toBe(false);
    expect(test('')).toBe(false);
  });
  it('surrogate pairs and non-Latin-1 code units', () => {
    expect(anySubstring(['🦆', 'Ā'])('x 🦆 y')).toBe(true);
    expect(anySubstring(['🦆'])('x 🦅 y')).toBe(false);
    expect(anyPrefix(['\u2013exec'])('\u2013exec x')).toBe(true);
    expect(anySuffix(['.exe', '🦆'])('a🦆')).toBe(true);
  });
  it('an empty literal is found in every value', () => {
    expect(anySubstring(['x', ''])('')).toBe(true);
    expect(anyPrefix([''])('abc')).toBe(true);
    expect(anySuffix([''])('')).toBe(true);
  });
  it('agree with includes, startsWith and endsWith on random literals and values', () => {
    const next = generator(42);
    for (let round = 0; round < 300; round++) {
      const literals = Array.from({ length: 1 + next(12) }, () => randomText(next, 4)).filter((l) => l !== '');
      if (literals.length === 0) continue;
      const [contains, prefix, suffix] = [anySubstring(literals), anyPrefix(literals), anySuffix(literals)];
      for (let v = 0; v < 20; v++) {
        const value = randomText(next, 10);
        expect([value, contains(value)]).toEqual([value, literals.some((l) => value.includes(l))]);
        expect([value, prefix(value)]).toEqual([value, literals.some((l) => value.startsWith(l))]);
        expect([value, suffix(value)]).toEqual([value, literals.some((l) => value.endsWith(l))]);
      }
    }
  });
});
