import { anyPrefix, anySubstring, anySuffix, type LiteralTest } from './literal-automaton';
import { globMatches, type CompiledPattern } from './value-pattern';

/** Whether a value, given as it is and lower-cased, satisfies any pattern of a set. */
export type PatternSetTest = (value: string, folded: string) => boolean;

/** From this many literals of one position on, reading the value once beats one string search per literal. */
const BUCKETS_FROM = 8;
const AUTOMATON_FROM = 24;

type Literal = Extract<CompiledPattern, { literal: string }>;

/** One test for literals of one case handling: a Set lookup for all equals, one test for each other position. */
function literalsTest(literals: readonly Literal[]): LiteralTest | null {
  const at = (position: Literal['position']) => [...new Set(literals.filter((l) => l.position === position).map((l) => l.literal))];
  const equals = new Set(at('equals'));
  const tests: LiteralTest[] = [];
  if (equals.size > 0) tests.push((value) => equals.has(value));
  const starts = at('startswith');
  if (starts.length > 0) tests.push(starts.length >= BUCKETS_FROM ? anyPrefix(starts) : (value) => starts.some((text) => value.startsWith(text)));
  const ends = at('endswith');
  if (ends.length > 0) tests.push(ends.length >= BUCKETS_FROM ? anySuffix(ends) : (value) => ends.some((text) => value.endsWith(text)));
  const contains = at('contains');
  if (contains.length > 0) tests.push(contains.length >= AUTOMATON_FROM ? anySubstring(contains) : (value) => contains.some((text) => value.includes(text)));
  if (tests.length === 0) return null;
  return tests.length === 1 ? tests[0] : (value) => tests.some((test) => test(value));
}

/**
 * Compiles the patterns of one search (any of them may hold) into one test: case-insensitive
 * literals and globs are tested against the value lower-cased once by the caller, cased ones and
 * RE2 expressions against the value as it is.
 */
export function compilePatternSet(patterns: readonly CompiledPattern[]): { test: PatternSetTest; needsFolded: boolean } {
  const literals = patterns.filter((p): p is Literal => 'literal' in p);
  const folded = literalsTest(literals.filter((l) => !l.cased));
  const cased = literalsTest(literals.filter((l) => l.cased));
  const globs = patterns.flatMap((p) => ('glob' in p ? [p] : []));
  const foldedGlobs = globs.filter((g) => !g.cased).map((g) => g.glob);
  const casedGlobs = globs.filter((g) => g.cased).map((g) => g.glob);
  const regexes = patterns.flatMap((p) => ('regex' in p ? [p.regex] : []));
  const tests: PatternSetTest[] = [];
  if (folded) tests.push((_value, lower) => folded(lower));
  if (cased) tests.push((value) => cased(value));
  if (foldedGlobs.length > 0) tests.push((_value, lower) => foldedGlobs.some((segments) => globMatches(segments, lower)));
  if (casedGlobs.length > 0) tests.push((value) => casedGlobs.some((segments) => globMatches(segments, value)));
  if (regexes.length > 0) tests.push((value) => regexes.some((re) => re.test(value)));
  const needsFolded = folded !== null || foldedGlobs.length > 0;
  if (tests.length === 0) return { test: () => false, needsFolded };
  if (tests.length === 1) return { test: tests[0], needsFolded };
  return { test: (value, lower) => tests.some((t) => t(value, lower)), needsFolded };
}
