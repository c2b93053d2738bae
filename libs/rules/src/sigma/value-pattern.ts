import { RE2JS } from 're2js';

/** One piece of a Sigma string value after wildcards, escapes and `windash` are understood. */
export type PatternPart = { text: string } | { wildcard: '*' | '?' } | { dash: true };

/** The dash-like characters `windash` makes interchangeable. */
export const WINDASH_CHARS = ['-', '/', '\u2013', '\u2014', '\u2015'] as const;

/**
 * Splits a Sigma string into parts: `*` and `?` are wildcards; a backslash escapes a following
 * `*`, `?` or backslash and is otherwise a plain backslash (spec: escaping only where needed).
 */
export function parsePattern(value: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let text = '';
  const flush = () => {
    if (text) parts.push({ text });
    text = '';
  };
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const next = value[i + 1];
    if (ch === '\\' && (next === '*' || next === '?' || next === '\\')) {
      text += next;
      i++;
    } else if (ch === '*' || ch === '?') {
      flush();
      parts.push({ wildcard: ch });
    } else {
      text += ch;
    }
  }
  flush();
  return parts;
}

/** A literal value: no wildcard is interpreted (encoded values, field references). */
export function literalPattern(value: string): PatternPart[] {
  return value ? [{ text: value }] : [];
}

const WORD = /[A-Za-z0-9_]/;

/**
 * `windash`: a `-` or `/` that starts a word after a non-word character (pySigma's `\B[-/]\b`)
 * may be written with any dash-like character. Matching a character class at those places is the
 * same as expanding every permutation, without 5^n values.
 */
export function windash(parts: PatternPart[]): PatternPart[] {
  const out: PatternPart[] = [];
  parts.forEach((part, index) => {
    if (!('text' in part)) {
      out.push(part);
      return;
    }
    let text = '';
    for (let i = 0; i < part.text.length; i++) {
      const ch = part.text[i];
      const before = i > 0 ? part.text[i - 1] : index > 0 ? '*' : '';
      const after = part.text[i + 1] ?? '';
      if ((ch === '-' || ch === '/') && !WORD.test(before) && WORD.test(after)) {
        if (text) out.push({ text });
        text = '';
        out.push({ dash: true });
      } else text += ch;
    }
    if (text) out.push({ text });
  });
  return out;
}

/** Where a plain literal must be found in a field value. */
export type LiteralPosition = 'equals' | 'startswith' | 'endswith' | 'contains';

/**
 * A compiled pattern: a plain literal at a position, or texts between `*` wildcards (a glob) — their
 * text lower-cased unless `cased`, so they are tested against the field value lower-cased once for
 * every pattern (see MatchInput) — or an RE2 expression for anything with `?` or dashes, tested
 * against the value as it is.
 */
export type CompiledPattern =
  | { literal: string; position: LiteralPosition; cased: boolean }
  | { glob: readonly string[]; cased: boolean }
  | { regex: RE2JS };

export function foldCase(text: string): string {
  return text.toLowerCase();
}

/** Up to this many windash places are expanded into literals (5^n of them); more go to RE2. */
const MAX_EXPANDED_DASHES = 2;

/**
 * Compiles parts into patterns, any of which may hold: windash places become one literal (or glob)
 * per dash-like character (as pySigma expands them) when there are few, so that they need no RE2.
 */
export function compilePatterns(parts: PatternPart[], cased: boolean): CompiledPattern[] {
  const dashes = parts.filter((p) => 'dash' in p).length;
  if (dashes === 0) return [compilePattern(parts, cased)];
  // Only worth it when each variant is a literal or a glob: no `?` anywhere.
  const single = parts.some((p) => 'wildcard' in p && p.wildcard === '?');
  if (dashes > MAX_EXPANDED_DASHES || single) return [compilePattern(parts, cased)];
  let variants: PatternPart[][] = [[]];
  for (const part of parts) {
    const choices: PatternPart[] = 'dash' in part ? WINDASH_CHARS.map((text) => ({ text })) : [part];
    variants = variants.flatMap((variant) => choices.map((choice) => [...variant, choice]));
  }
  return variants.map((variant) => compilePattern(mergeTexts(variant), cased));
}

/** Adjacent text parts joined into one. */
function mergeTexts(parts: PatternPart[]): PatternPart[] {
  const out: PatternPart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if ('text' in part && last !== undefined && 'text' in last) out[out.length - 1] = { text: last.text + part.text };
    else out.push(part);
  }
  return out;
}

/** The texts between `*` wildcards, first and last possibly empty (a leading or trailing `*`). */
function globSegments(parts: PatternPart[], cased: boolean): string[] {
  const segments = [''];
  for (const part of parts) {
    if ('text' in part) segments[segments.length - 1] += cased ? part.text : foldCase(part.text);
    else segments.push('');
  }
  return segments;
}

/**
 * Whether a value matches `segments[0]*segments[1]*…*segments[n]`: each middle segment found at its
 * leftmost place after the one before it, the last one at the end (greedy leftmost is exact when
 * `*` is the only wildcard).
 */
export function globMatches(segments: readonly string[], value: string): boolean {
  const head = segments[0];
  const tail = segments[segments.length - 1];
  if (!value.startsWith(head)) return false;
  let at = head.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const found = value.indexOf(segments[i], at);
    if (found < 0) return false;
    at = found + segments[i].length;
  }
  return value.length - tail.length >= at && value.endsWith(tail);
}

/**
 * Compiles parts into a pattern on a whole field value. Plain literals and `*`-only globs use string
 * operations; anything else goes through RE2 (linear time, whatever the rule says).
 */
export function compilePattern(parts: PatternPart[], cased: boolean): CompiledPattern {
  const isText = (p: PatternPart | undefined): p is { text: string } => p !== undefined && 'text' in p;
  const isStar = (p: PatternPart | undefined) => p !== undefined && 'wildcard' in p && p.wildcard === '*';
  const literal = (text: string, position: LiteralPosition): CompiledPattern => ({ literal: cased ? text : foldCase(text), position, cased });
  if (parts.length === 0) return literal('', 'equals');
  const [first, second, third] = parts;
  if (parts.length === 1 && isText(first)) return literal(first.text, 'equals');
  if (parts.length === 2 && isStar(first) && isText(second)) return literal(second.text, 'endswith');
  if (parts.length === 2 && isText(first) && isStar(second)) return literal(first.text, 'startswith');
  if (parts.length === 3 && isStar(first) && isText(second) && isStar(third)) return literal(second.text, 'contains');
  if (parts.every((p) => isText(p) || isStar(p))) return { glob: globSegments(parts, cased), cased };
  const source = parts
    .map((p) => ('text' in p ? RE2JS.quote(p.text) : 'dash' in p ? `[${WINDASH_CHARS.map((c) => RE2JS.quote(c)).join('')}]` : p.wildcard === '*' ? '.*' : '.'))
    .join('');
  const flags = RE2JS.DOTALL | (cased ? 0 : RE2JS.CASE_INSENSITIVE);
  return { regex: RE2JS.compile(`^(?:${source})$`, flags) };
}
