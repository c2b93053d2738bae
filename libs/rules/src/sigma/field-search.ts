import { BlockList, isIP } from 'node:net';
import { RE2JS } from 're2js';
import type { MatchInput, Predicate } from './match-input';
import { SigmaRuleError } from './sigma-rule';
import { base64Of, base64OffsetsOf, encodeText } from './value-encoding';
import { parseFieldKey, type ModifierSet } from './value-modifiers';
import { compilePatternSet } from './pattern-set';
import { compilePattern, compilePatterns, literalPattern, parsePattern, windash, foldCase, type CompiledPattern, type PatternPart } from './value-pattern';
import { timePartOf } from './time-parts';

export interface SearchOptions {
  /** Values for `expand` placeholders (`%name%` → values), e.g. watchlists. */
  placeholders?: Readonly<Record<string, readonly string[]>>;
}

type Path = readonly (string | number)[];
/** A test of one rule value against the (possibly absent) field value, also given lower-cased when the search needs it. */
type ValueTest = (value: string | undefined, folded: string | undefined, input: MatchInput) => boolean;
/** A value compiles to string patterns (merged with the search's other values) or to a test of its own. */
type CompiledValue = CompiledPattern[] | ValueTest;

/**
 * Compiles `field|modifiers: value(s)` into a predicate. An empty field name (`|all:` or a keyword
 * list) searches the event's texts instead of one field. The string patterns of all values are
 * tested together (see compilePatternSet) on the field value resolved and lower-cased once.
 */
export function compileFieldSearch(key: string, raw: unknown, path: Path, options: SearchOptions): Predicate {
  const parsed = parseFieldKey(key, path);
  // A keyword is found anywhere in a text unless the rule says where (or gives a regex).
  const keywordDefault = parsed.field === '' && !parsed.position && !parsed.has('re');
  const mods: ModifierSet = keywordDefault ? { ...parsed, position: 'contains' } : parsed;
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) throw new SigmaRuleError(`${key}: empty list of values`, path);
  const compiled = values.map((value, i) => compileValue(mods, value, Array.isArray(raw) ? [...path, i] : path, options));
  const all = mods.has('all');
  let needsFolded = false;
  const patternTest = (patterns: readonly CompiledPattern[]): ValueTest => {
    const set = compilePatternSet(patterns);
    needsFolded ||= set.needsFolded;
    return (v, folded) => v !== undefined && set.test(v, folded as string);
  };
  // With `all` each value must hold on its own; otherwise any pattern of any value will do.
  const tests = all
    ? compiled.map((c) => (Array.isArray(c) ? patternTest(c) : c))
    : [...anyPatterns(compiled, patternTest), ...compiled.filter((c): c is ValueTest => !Array.isArray(c))];
  const combined = combine(tests, all);
  const test: ValueTest = mods.has('neq') ? (v, folded, input) => !combined(v, folded, input) : combined;
  if (mods.field === '') {
    // Keywords: the search holds when one of the texts satisfies it (each value of `|all` may be in a different text).
    if (all) return (input) => tests.every((t) => someText(input, needsFolded, t));
    return (input) => someText(input, needsFolded, test);
  }
  const field = mods.field;
  if (!needsFolded) return (input) => test(input.field(field), undefined, input);
  return (input) => test(input.field(field), input.foldedField(field), input);
}

function anyPatterns(compiled: readonly CompiledValue[], patternTest: (patterns: readonly CompiledPattern[]) => ValueTest): ValueTest[] {
  const patterns = compiled.flatMap((c) => (Array.isArray(c) ? c : []));
  return patterns.length > 0 ? [patternTest(patterns)] : [];
}

function combine(tests: readonly ValueTest[], all: boolean): ValueTest {
  if (tests.length === 1) return tests[0];
  if (tests.length === 0) return () => false;
  if (all) return (v, folded, input) => tests.every((t) => t(v, folded, input));
  return (v, folded, input) => tests.some((t) => t(v, folded, input));
}

function someText(input: MatchInput, needsFolded: boolean, test: ValueTest): boolean {
  const texts = input.keywordTexts();
  const folded = needsFolded ? input.foldedKeywordTexts() : undefined;
  for (let i = 0; i < texts.length; i++) if (test(texts[i], folded?.[i], input)) return true;
  return false;
}

function compileValue(mods: ModifierSet, value: unknown, path: Path, options: SearchOptions): CompiledValue {
  const fail = (reason: string): never => {
    throw new SigmaRuleError(`${mods.field}: ${reason}`, path);
  };
  if (mods.has('exists')) {
    if (typeof value !== 'boolean') fail('exists takes true or false');
    return (v) => (v !== undefined) === value;
  }
  // pySigma's reading of the specification: null is a missing field; '' is the empty value (libs/rules/README.md).
  if (value === null) return (v) => v === undefined;
  if (typeof value === 'object') return fail('a value must be a string, a number, a boolean or null');
  const text = String(value);
  if (mods.numeric || mods.time) return numericTest(mods, text, fail);
  if (mods.has('fieldref')) return fieldRefTest(mods, text);
  if (mods.has('cidr')) return cidrTest(text, fail);
  if (mods.has('re')) return regexTest(mods, text, fail);
  return stringPatterns(mods, text, options, path);
}

function stringPatterns(mods: ModifierSet, text: string, options: SearchOptions, path: Path): CompiledPattern[] {
  const encoded = mods.has('base64') || mods.has('base64offset');
  let variants = [text];
  if (mods.has('expand')) variants = expandPlaceholders(text, options.placeholders ?? {}, path);
  return variants.flatMap((variant) => {
    let parts: PatternPart[];
    if (encoded) {
      const bytes = encodeText(variant, mods.utf16);
      // Each alignment is its own literal; the value holds when any of them is found.
      if (mods.has('base64offset')) return base64OffsetsOf(bytes).map((s) => compilePattern(positioned(literalPattern(s), mods), true));
      parts = literalPattern(base64Of(bytes));
    } else parts = parsePattern(variant);
    if (mods.has('windash')) parts = windash(parts);
    // Base64 is case-sensitive by nature: folding case would find text that was never encoded.
    return compilePatterns(positioned(parts, mods), encoded || mods.has('cased'));
  });
}

function positioned(parts: PatternPart[], mods: ModifierSet): PatternPart[] {
  const star: PatternPart = { wildcard: '*' };
  if (mods.position === 'contains') return [star, ...parts, star];
  if (mods.position === 'startswith') return [...parts, star];
  if (mods.position === 'endswith') return [star, ...parts];
  return parts;
}

/**
 * An `expand` placeholder nothing provides values for. The rule is rejected, as pySigma raises: an
 * empty list would silently empty the selection (a filter that lets everything through).
 */
export class UnresolvedPlaceholderError extends SigmaRuleError {
  constructor(readonly placeholder: string, path: Path) {
    super(`placeholder %${placeholder}% has no value source (give it a watchlist named ${placeholder})`, path);
  }
}

/** `%name%` placeholders replaced by each provided value; a provided list that is empty matches nothing. */
function expandPlaceholders(text: string, placeholders: Readonly<Record<string, readonly string[]>>, path: Path): string[] {
  let results = [''];
  for (const piece of text.split(/(%[^%\s]+%)/)) {
    const name = /^%([^%\s]+)%$/.exec(piece)?.[1];
    if (name !== undefined && !Object.hasOwn(placeholders, name)) throw new UnresolvedPlaceholderError(name, path);
    const replacements = name === undefined ? [piece] : placeholders[name];
    results = results.flatMap((prefix) => replacements.map((r) => prefix + r));
  }
  return results;
}

function numericTest(mods: ModifierSet, text: string, fail: (reason: string) => never): ValueTest {
  const want = Number(text);
  if (text.trim() === '' || !Number.isFinite(want)) fail(`"${text}" is not a number`);
  const compare = (n: number) => {
    switch (mods.numeric) {
      case 'lt': return n < want;
      case 'lte': return n <= want;
      case 'gt': return n > want;
      case 'gte': return n >= want;
      default: return n === want;
    }
  };
  return (v, _folded, input) => {
    const n = mods.time ? timePartOf(mods.time, v, input.event.time) : v === undefined || v.trim() === '' ? NaN : Number(v);
    return n !== undefined && Number.isFinite(n) && compare(n);
  };
}

function fieldRefTest(mods: ModifierSet, other: string): ValueTest {
  const cased = mods.has('cased');
  return (v, _folded, input) => {
    const ref = cased ? input.field(other) : input.foldedField(other);
    if (v === undefined || ref === undefined) return false;
    const [a, b] = cased ? [v, ref] : [foldCase(v), ref];
    if (mods.position === 'contains') return a.includes(b);
    if (mods.position === 'startswith') return a.startsWith(b);
    if (mods.position === 'endswith') return a.endsWith(b);
    return a === b;
  };
}

function cidrTest(text: string, fail: (reason: string) => never): ValueTest {
  const [network, prefixText] = text.split('/');
  const family = isIP(network);
  const prefix = prefixText === undefined ? (family === 6 ? 128 : 32) : Number(prefixText);
  if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) fail(`"${text}" is not a CIDR range`);
  const list = new BlockList();
  list.addSubnet(network, prefix, family === 6 ? 'ipv6' : 'ipv4');
  return (v) => {
    const kind = v === undefined ? 0 : isIP(v);
    return kind !== 0 && v !== undefined && list.check(v, kind === 6 ? 'ipv6' : 'ipv4');
  };
}

function regexTest(mods: ModifierSet, pattern: string, fail: (reason: string) => never): ValueTest {
  const flags = (mods.has('i') ? RE2JS.CASE_INSENSITIVE : 0) | (mods.has('m') ? RE2JS.MULTILINE : 0) | (mods.has('s') ? RE2JS.DOTALL : 0);
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, flags);
  } catch (error) {
    return fail(`regular expression RE2 cannot run: ${(error as Error).message}`);
  }
  return (v) => v !== undefined && re.test(v);
}
