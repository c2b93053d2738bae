import type { RE2JS } from 're2js';
import type { CompiledPattern } from './value-pattern';

/** Whether a value, given as it is and lower-cased, satisfies any pattern of a set. */
export type PatternSetTest = (value: string, folded: string) => boolean;

/** Literals of one case handling, by position: one Set lookup for all equals, one pass for each other position. */
class LiteralGroup {
  private readonly equals = new Set<string>();
  private readonly startsWith: string[] = [];
  private readonly endsWith: string[] = [];
  private readonly contains: string[] = [];

  add(pattern: Extract<CompiledPattern, { literal: string }>): void {
    const { literal, position } = pattern;
    if (position === 'equals') this.equals.add(literal);
    else {
      const list = position === 'startswith' ? this.startsWith : position === 'endswith' ? this.endsWith : this.contains;
      if (!list.includes(literal)) list.push(literal);
    }
  }

  get empty(): boolean {
    return this.equals.size + this.startsWith.length + this.endsWith.length + this.contains.length === 0;
  }

  test(value: string): boolean {
    if (this.equals.has(value)) return true;
    for (const text of this.startsWith) if (value.startsWith(text)) return true;
    for (const text of this.endsWith) if (value.endsWith(text)) return true;
    for (const text of this.contains) if (value.includes(text)) return true;
    return false;
  }
}

/**
 * Compiles the patterns of one search (any of them may hold) into one test: case-insensitive
 * literals are tested against the value lower-cased once by the caller, cased literals and RE2
 * expressions against the value as it is.
 */
export function compilePatternSet(patterns: readonly CompiledPattern[]): { test: PatternSetTest; needsFolded: boolean } {
  const folded = new LiteralGroup();
  const cased = new LiteralGroup();
  const regexes: RE2JS[] = [];
  for (const pattern of patterns) {
    if ('regex' in pattern) regexes.push(pattern.regex);
    else (pattern.cased ? cased : folded).add(pattern);
  }
  const tests: PatternSetTest[] = [];
  if (!folded.empty) tests.push((_value, lower) => folded.test(lower));
  if (!cased.empty) tests.push((value) => cased.test(value));
  if (regexes.length > 0) tests.push((value) => regexes.some((re) => re.test(value)));
  const needsFolded = !folded.empty;
  if (tests.length === 0) return { test: () => false, needsFolded };
  if (tests.length === 1) return { test: tests[0], needsFolded };
  return { test: (value, lower) => tests.some((t) => t(value, lower)), needsFolded };
}
