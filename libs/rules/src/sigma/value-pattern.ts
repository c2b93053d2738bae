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

export type StringTest = (value: string) => boolean;

/**
 * Compiles parts into a test on a whole field value. Plain literals use string operations; anything
 * with wildcards or dashes goes through RE2 (linear time, whatever the rule says).
 */
export function compilePattern(parts: PatternPart[], cased: boolean): StringTest {
  const fold = (s: string) => (cased ? s : s.toLowerCase());
  const isText = (p: PatternPart | undefined): p is { text: string } => p !== undefined && 'text' in p;
  const isStar = (p: PatternPart | undefined) => p !== undefined && 'wildcard' in p && p.wildcard === '*';
  const literal = parts.length === 0 ? '' : parts.length === 1 && isText(parts[0]) ? parts[0].text : null;
  if (literal !== null) {
    const want = fold(literal);
    return (value) => fold(value) === want;
  }
  const [first, second, third] = parts;
  if (parts.length === 2 && isStar(first) && isText(second)) {
    const want = fold(second.text);
    return (value) => fold(value).endsWith(want);
  }
  if (parts.length === 2 && isText(first) && isStar(second)) {
    const want = fold(first.text);
    return (value) => fold(value).startsWith(want);
  }
  if (parts.length === 3 && isStar(first) && isText(second) && isStar(third)) {
    const want = fold(second.text);
    return (value) => fold(value).includes(want);
  }
  const source = parts
    .map((p) => ('text' in p ? RE2JS.quote(p.text) : 'dash' in p ? `[${WINDASH_CHARS.map((c) => RE2JS.quote(c)).join('')}]` : p.wildcard === '*' ? '.*' : '.'))
    .join('');
  const flags = RE2JS.DOTALL | (cased ? 0 : RE2JS.CASE_INSENSITIVE);
  const re = RE2JS.compile(`^(?:${source})$`, flags);
  return (value) => re.test(value);
}
