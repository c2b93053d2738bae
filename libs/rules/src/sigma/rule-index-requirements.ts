import { parseCondition, type ConditionNode } from './condition-parser';
import { indexFold, isWordCode } from './rule-index-text';
import type { SigmaDetection } from './sigma-rule';
import { parseFieldKey, type ModifierSet } from './value-modifiers';
import { parsePattern, windash, type PatternPart } from './value-pattern';

/**
 * Something an event's folded texts (see rule-index-text) must hold for a rule to match:
 * `w:lsass` the whole word `lsass`, `t:sekurlsa::` the substring `sekurlsa::`.
 */
export type Need = `w:${string}` | `t:${string}`;

/**
 * Needs of which every event the rule matches holds at least one per set; all sets hold. The
 * cheapest set comes first; empty when nothing is known.
 */
export type Requirement = readonly ReadonlySet<Need>[];

/** The most sets kept for one rule: the first is looked up, the others checked before evaluating. */
const MAX_SETS = 4;

/**
 * What an event must hold for the rule's detection to match. Each step mirrors the compiler and
 * keeps only necessary conditions: `x|endswith: '\lsass.exe'` needs the words `lsass` and `exe`
 * (each between known non-word characters or the value's end) and the substring `\lsass.exe`;
 * `contains: 'lsass'` needs the substring only, as the event may hold `mylsassdump`. A conjunction
 * needs what each part needs; a disjunction one of what each branch needs; `not`, regular
 * expressions, comparisons, encodings, placeholders, `exists`, `null`, `neq`, `fieldref`, `cidr`
 * and `cased` force nothing.
 */
export function requirementOf(detection: SigmaDetection): Requirement {
  try {
    const searches = new Map<string, Requirement>();
    for (const [name, body] of Object.entries(detection)) {
      if (name !== 'condition' && name !== 'timeframe') searches.set(name, searchRequirement(body));
    }
    const texts = Array.isArray(detection.condition) ? detection.condition : [detection.condition];
    return anyOf(texts.map((text) => conditionRequirement(parseCondition(String(text)), searches)));
  } catch {
    return NOTHING;
  }
}

const NOTHING: Requirement = [];

/** Words in nearly every Windows event: a poor choice when a rule offers a rarer one. */
const COMMON_WORDS = new Set(['c', 'exe', 'dll', 'windows', 'system32', 'syswow64', 'program', 'files', 'x86', 'microsoft', 'users', 'appdata', 'local', 'roaming', 'temp', 'true', 'false', 'system', 'nt', 'authority', 'sysmon', 'operational', 'security']);
/** A substring is checked rule by rule, a word through the index: words are preferred. */
const SUBSTRING_PENALTY = 0.3;

function needCost(need: Need): number {
  const text = need.slice(2);
  if (need.startsWith('t:')) return 1 / text.length + SUBSTRING_PENALTY;
  return COMMON_WORDS.has(text) || text.length === 1 ? 1 : 1 / text.length;
}

function cost(set: ReadonlySet<Need>): number {
  let total = 0;
  for (const need of set) total += needCost(need);
  return total;
}

/** All parts hold: so does every set of each; the cheapest few are kept. */
function allOf(requirements: readonly Requirement[]): Requirement {
  const sets = new Map<string, ReadonlySet<Need>>();
  for (const set of requirements.flat()) sets.set([...set].sort().join('\n'), set);
  return [...sets.values()].sort((a, b) => cost(a) - cost(b)).slice(0, MAX_SETS);
}

/** One part holds: one of the needs of the cheapest set of one of the parts; nothing when a part forces nothing. */
function anyOf(requirements: readonly Requirement[]): Requirement {
  if (requirements.length === 0 || requirements.some((r) => r.length === 0)) return NOTHING;
  if (requirements.length === 1) return requirements[0];
  return [new Set(requirements.flatMap((r) => [...r[0]]))];
}

function conditionRequirement(node: ConditionNode, searches: ReadonlyMap<string, Requirement>): Requirement {
  switch (node.type) {
    case 'and':
      return allOf([conditionRequirement(node.left, searches), conditionRequirement(node.right, searches)]);
    case 'or':
      return anyOf([conditionRequirement(node.left, searches), conditionRequirement(node.right, searches)]);
    case 'not':
      return NOTHING;
    case 'ref':
      return searches.get(node.name) ?? NOTHING;
    case 'of': {
      const pattern = globRegex(node.target);
      const selected = [...searches.entries()].filter(([name]) => (node.target === 'them' ? !name.startsWith('_') : pattern.test(name))).map(([, r]) => r);
      // `all of`: every selected search holds; `N of`: at least one does.
      return node.quantifier === 'all' ? allOf(selected) : anyOf(selected);
    }
  }
}

function globRegex(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((piece) => piece.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('.*')}$`);
}

function searchRequirement(body: unknown): Requirement {
  if (Array.isArray(body)) {
    const scalars = body.filter((item) => item === null || typeof item !== 'object');
    const maps = body.filter((item) => item !== null && typeof item === 'object').map(searchRequirement);
    return anyOf(scalars.length > 0 ? [fieldRequirement('', scalars), ...maps] : maps);
  }
  if (body !== null && typeof body === 'object') return allOf(Object.entries(body).map(([key, value]) => fieldRequirement(key, value)));
  if (typeof body === 'string' || typeof body === 'number') return fieldRequirement('', body);
  return NOTHING;
}

function fieldRequirement(key: string, raw: unknown): Requirement {
  const parsed = parseFieldKey(key, []);
  if (parsed.has('neq')) return NOTHING;
  const keywordDefault = parsed.field === '' && !parsed.position && !parsed.has('re');
  const mods: ModifierSet = keywordDefault ? { ...parsed, position: 'contains' } : parsed;
  const values = (Array.isArray(raw) ? raw : [raw]).map((value) => valueRequirement(mods, value));
  return mods.has('all') ? allOf(values) : anyOf(values);
}

const UNINDEXED_MODIFIERS = ['exists', 'fieldref', 'cidr', 're', 'expand', 'base64', 'base64offset', 'cased'] as const;
const UNKNOWN = '\u0000';

function valueRequirement(mods: ModifierSet, value: unknown): Requirement {
  if (value === null || typeof value === 'object' || mods.numeric || mods.time) return NOTHING;
  if (UNINDEXED_MODIFIERS.some((m) => mods.has(m))) return NOTHING;
  let parts = parsePattern(String(value));
  if (mods.has('windash')) parts = windash(parts);
  parts = positioned(parts, mods.position);
  const needs: Need[] = [...boundedWords(parts).map((w): Need => `w:${w}`), ...substrings(parts).map((t): Need => `t:${t}`)];
  if (needs.length === 0) return NOTHING;
  return [new Set([needs.reduce((best, need) => (needCost(need) < needCost(best) ? need : best))])];
}

const STAR: PatternPart = { wildcard: '*' };

/** The whole-value pattern the compiler tests, as field-search builds it. */
function positioned(parts: PatternPart[], position: ModifierSet['position']): PatternPart[] {
  if (position === 'contains') return [STAR, ...parts, STAR];
  if (position === 'startswith') return [...parts, STAR];
  if (position === 'endswith') return [STAR, ...parts];
  return parts;
}

/**
 * The literal when the compiler tests the pattern with toLowerCase and a string operation (the
 * shapes `x`, `*x`, `x*`, `*x*`) rather than RE2, whose case folding differs outside ASCII.
 */
function plainText(parts: readonly PatternPart[]): string | null {
  const isStar = (p: PatternPart | undefined) => p !== undefined && 'wildcard' in p && p.wildcard === '*';
  const texts = parts.filter((p): p is { text: string } => 'text' in p);
  if (texts.length !== 1) return null;
  const at = parts.indexOf(texts[0]);
  const shape = parts.length === 1 || (parts.length === 2 && isStar(parts[1 - at])) || (parts.length === 3 && at === 1 && isStar(parts[0]) && isStar(parts[2]));
  return shape ? texts[0].text : null;
}

/** Substrings every matching value holds: the literal, or ASCII runs of an RE2 pattern. */
function substrings(parts: readonly PatternPart[]): string[] {
  const plain = plainText(parts);
  if (plain !== null) return plain.length >= 1 ? [indexFold(plain)] : [];
  return parts.flatMap((p) => ('text' in p ? (asciiFold(p.text).match(/[^\0]+/g) ?? []) : []));
}

/**
 * An RE2 pattern's text with every non-ASCII character unknown, lower-cased: RE2 folds case by
 * Unicode orbits, which toLowerCase does not follow outside ASCII. (A NUL in the rule's text reads
 * as unknown too: less pruning, never a wrong one.)
 */
function asciiFold(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, UNKNOWN).toLowerCase();
}

/**
 * The words of a pattern that any matching value holds as whole words: runs of word characters
 * with a known non-word character, or the value's edge, on both sides. Wildcards and (for RE2
 * patterns) non-ASCII characters are unknown; a windash position is a dash.
 */
function boundedWords(parts: readonly PatternPart[]): string[] {
  const fold = plainText(parts) === null ? asciiFold : indexFold;
  const text = ` ${parts.map((p) => ('text' in p ? fold(p.text) : 'dash' in p ? '-' : UNKNOWN)).join('')} `;
  const words: string[] = [];
  let from = -1;
  for (let i = 1; i < text.length; i++) {
    const word = isWordCode(text.charCodeAt(i));
    if (word && from < 0) from = i;
    else if (!word && from >= 0) {
      if (text[from - 1] !== UNKNOWN && text[i] !== UNKNOWN) words.push(text.slice(from, i));
      from = -1;
    }
  }
  return words;
}

/** Whether the detection has a keyword (field-less) search, which also reads the message and the raw text. */
export function searchesKeywords(detection: SigmaDetection): boolean {
  const keyword = (body: unknown): boolean => {
    if (Array.isArray(body)) return body.some((item) => item === null || typeof item !== 'object' || keyword(item));
    if (body !== null && typeof body === 'object') return Object.keys(body).some((key) => key.split('|')[0] === '');
    return typeof body === 'string' || typeof body === 'number';
  };
  return Object.entries(detection).some(([name, body]) => name !== 'condition' && name !== 'timeframe' && keyword(body));
}
