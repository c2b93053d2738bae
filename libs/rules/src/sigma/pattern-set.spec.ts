import { RE2JS } from 're2js';
import { compilePatternSet } from './pattern-set';
import { compilePattern, compilePatterns, globMatches, parsePattern, windash, type PatternPart } from './value-pattern';

const star: PatternPart = { wildcard: '*' };
/** A pattern as field-search compiles it: the value's parts at a position. */
function pattern(value: string, position: 'equals' | 'startswith' | 'endswith' | 'contains', cased = false, dashes = false) {
  let parts = parsePattern(value);
  if (dashes) parts = windash(parts);
  const placed = position === 'contains' ? [star, ...parts, star] : position === 'startswith' ? [...parts, star] : position === 'endswith' ? [star, ...parts] : parts;
  return compilePattern(placed, cased);
}
/** Runs a set on a value the way a search does: as it is and lower-cased. */
function run(set: ReturnType<typeof compilePatternSet>, value: string): boolean {
  return set.test(value, value.toLowerCase());
}

describe('compilePattern', () => {
  it('keeps plain literals as literals, lower-cased unless cased', () => {
    expect(pattern('C:\\Windows\\\\*', 'equals')).toEqual({ literal: 'c:\\windows\\', position: 'startswith', cased: false });
    expect(pattern('C:\\Windows\\*', 'equals')).toEqual({ literal: 'c:\\windows*', position: 'equals', cased: false });
    expect(pattern('.EXE', 'endswith', true)).toEqual({ literal: '.EXE', position: 'endswith', cased: true });
    expect(pattern('Mimi', 'contains')).toEqual({ literal: 'mimi', position: 'contains', cased: false });
    expect(pattern('', 'equals')).toEqual({ literal: '', position: 'equals', cased: false });
    expect(pattern('a\\*b', 'equals')).toEqual({ literal: 'a*b', position: 'equals', cased: false });
  });
  it('makes *-only patterns globs; ? and windash go to RE2', () => {
    expect(pattern('A*b', 'contains')).toEqual({ glob: ['', 'a', 'b', ''], cased: false });
    expect(pattern('A*b', 'equals', true)).toEqual({ glob: ['A', 'b'], cased: true });
    expect('regex' in pattern('c?d', 'equals')).toBe(true);
    expect('regex' in pattern(' -exec', 'contains', false, true)).toBe(true);
  });
  it('a glob matches exactly what the same pattern matches in RE2', () => {
    // Deterministic patterns and values over a tiny alphabet make overlapping segments common.
    let state = 7;
    const next = (n: number) => (state = (state * 1103515245 + 12345) % 2147483648) % n;
    const text = (max: number, chars: string) => Array.from({ length: next(max + 1) }, () => chars[next(chars.length)]).join('');
    for (let round = 0; round < 400; round++) {
      const parts = parsePattern(text(6, 'ab*'));
      const glob = compilePattern(parts, true);
      if (!('glob' in glob)) continue;
      // The RE2 twin, written as compilePattern writes expressions.
      const regex = RE2JS.compile(`^(?:${parts.map((p) => ('text' in p ? RE2JS.quote(p.text) : '.*')).join('')})$`, RE2JS.DOTALL);
      for (let v = 0; v < 10; v++) {
        const subject = text(8, 'ab');
        expect([glob.glob, subject, globMatches(glob.glob, subject)]).toEqual([glob.glob, subject, regex.test(subject)]);
      }
    }
  });
});

describe('compilePatterns (windash)', () => {
  const windashed = (value: string) => compilePatterns([star, ...windash(parsePattern(value)), star], false);
  it('expands up to two dash places into one literal per dash-like character', () => {
    expect(windashed(' -Exec ')).toEqual(['-', '/', '\u2013', '\u2014', '\u2015'].map((d) => ({ literal: ` ${d}exec `, position: 'contains', cased: false })));
    expect(windashed(' -a -b')).toHaveLength(25);
    expect(windashed(' -a -b').every((p) => 'literal' in p)).toBe(true);
  });
  it('keeps RE2 for more dash places and for ? wildcards; * makes globs', () => {
    expect(windashed(' -a -b -c')).toHaveLength(1);
    expect('regex' in windashed(' -a -b -c')[0]).toBe(true);
    expect(windashed(' -a?')).toHaveLength(1);
    expect(windashed(' -a*b')).toHaveLength(5);
    expect(windashed(' -a*b').every((p) => 'glob' in p)).toBe(true);
  });
  it('the expanded set matches what the RE2 pattern matches', () => {
    const set = compilePatternSet(windashed(' -exec '));
    for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015']) expect(run(set, `PS ${dash}EXEC bypass`)).toBe(true);
    expect(run(set, 'ps +exec bypass')).toBe(false);
    expect(run(set, 'ps -exe bypass')).toBe(false);
  });
});

describe('compilePatternSet', () => {
  it('any pattern of any position holds, case-insensitively', () => {
    const set = compilePatternSet([pattern('whoami', 'equals'), pattern('\\CMD.exe', 'endswith'), pattern('powershell', 'startswith'), pattern('-ENC ', 'contains')]);
    expect(set.needsFolded).toBe(true);
    expect(run(set, 'WHOAMI')).toBe(true);
    expect(run(set, 'C:\\Windows\\cmd.EXE')).toBe(true);
    expect(run(set, 'PowerShell -nop')).toBe(true);
    expect(run(set, 'x -enc AAA')).toBe(true);
    expect(run(set, 'whoami /all')).toBe(false);
    expect(run(set, 'cmd.exe /c')).toBe(false);
    expect(run(set, 'x powershell')).toBe(false);
    expect(run(set, '-encx')).toBe(false);
  });
  it('cased literals and RE2 patterns test the value as it is; globs fold unless cased', () => {
    expect(compilePatternSet([pattern('a?b', 'equals'), pattern('A*B', 'equals', true)]).needsFolded).toBe(false);
    const set = compilePatternSet([pattern('EnC', 'contains', true), pattern('a*b', 'equals')]);
    expect(set.needsFolded).toBe(true);
    expect(run(set, 'x EnC y')).toBe(true);
    expect(run(set, 'x enc y')).toBe(false);
    expect(run(set, 'AxxB')).toBe(true);
    expect(run(set, 'Axxc')).toBe(false);
  });
  it('mixes folded, cased and RE2 patterns in one set', () => {
    const set = compilePatternSet([pattern('Upper', 'equals', true), pattern('lower', 'equals'), pattern(' /exec ', 'contains', false, true)]);
    expect(run(set, 'Upper')).toBe(true);
    expect(run(set, 'upper')).toBe(false);
    expect(run(set, 'LOWER')).toBe(true);
    expect(run(set, 'ps \u2014exec x')).toBe(true);
    expect(run(set, 'ps +exec x')).toBe(false);
  });
  it('folding follows String.prototype.toLowerCase on both sides (non-ASCII too)', () => {
    const set = compilePatternSet([pattern('ÄRGER', 'contains'), pattern('İ', 'equals')]);
    expect(run(set, 'viel ärger')).toBe(true);
    expect(run(set, 'İ')).toBe(true);
    expect(run(set, 'i')).toBe(false);
  });
  it('an empty set matches nothing; the empty literal matches only the empty value', () => {
    expect(run(compilePatternSet([]), '')).toBe(false);
    const empty = compilePatternSet([pattern('', 'equals')]);
    expect(run(empty, '')).toBe(true);
    expect(run(empty, 'x')).toBe(false);
  });
});

describe('compilePatternSet with long lists', () => {
  it('many startswith, endswith and contains literals give the same answers as a short list', () => {
    const names = Array.from({ length: 40 }, (_, i) => `Tool${i}`);
    const set = compilePatternSet([
      ...names.map((n) => pattern(`C:\\${n}\\\\*`, 'equals')),
      ...names.map((n) => pattern(`\\${n}.EXE`, 'endswith')),
      ...names.map((n) => pattern(` -${n} `, 'contains')),
    ]);
    expect(run(set, 'c:\\TOOL39\\x')).toBe(true);
    expect(run(set, 'd:\\bin\\tool7.exe')).toBe(true);
    expect(run(set, 'run -TOOL12 now')).toBe(true);
    expect(run(set, 'run -tool40 now')).toBe(false);
    expect(run(set, 'd:\\bin\\tool7.exe2')).toBe(false);
    expect(run(set, 'x c:\\tool3\\')).toBe(false);
  });
});
