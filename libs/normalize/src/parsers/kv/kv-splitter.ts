/** How pairs are separated and written; defaults read `a=1 b="x y"` and Fortinet-style logs. */
export interface KvOptions {
  /** Between pairs; the default is any run of whitespace (or auditd's 0x1D). */
  pairSeparator?: string;
  /** Between key and value. */
  valueSeparator?: string;
  /** Characters that may quote a value; a quote inside is escaped with a backslash. */
  quotes?: string;
}

// The group separator auditd's ENRICHED format writes before the names it adds; with whitespace, the default pair separator.
const GROUP_SEPARATOR = 0x1d;
const BACKSLASH = 0x5c;

/**
 * Exactly the characters of the regular expression class `\s`. Tested by code, not by a regular
 * expression per character: on the normalizer's hot path that test was most of a firewall record's parse.
 */
export function isWhitespaceCode(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Splits `key=value` pairs. Quoted values may contain separators and spaces; a pair without a
 * value separator is skipped (returned in `stray` so the caller can warn).
 */
export function splitKeyValues(text: string, options: KvOptions = {}): { pairs: Array<[string, string]>; stray: string[] } {
  const valueSep = options.valueSeparator ?? '=';
  const valueSepCode = valueSep.charCodeAt(0);
  const quotes = options.quotes ?? '"\'';
  const pairSep = options.pairSeparator;
  const sepLength = pairSep?.length ?? 1;
  const isPairSep =
    pairSep === undefined
      ? (i: number) => {
          const code = text.charCodeAt(i);
          return code === GROUP_SEPARATOR || isWhitespaceCode(code);
        }
      : (i: number) => text.startsWith(pairSep, i);
  const atValueSep = (i: number) => text.charCodeAt(i) === valueSepCode && (valueSep.length === 1 || text.startsWith(valueSep, i));
  const length = text.length;
  const pairs: Array<[string, string]> = [];
  const stray: string[] = [];
  let i = 0;
  while (i < length) {
    for (;;) {
      if (i >= length) break;
      if (isPairSep(i)) i += sepLength;
      else if (isWhitespaceCode(text.charCodeAt(i))) i++;
      else break;
    }
    if (i >= length) break;
    const keyStart = i;
    while (i < length && !atValueSep(i) && !isPairSep(i)) i++;
    const key = text.slice(keyStart, i).trim();
    if (!atValueSep(i)) {
      if (key) stray.push(key);
      continue;
    }
    i += valueSep.length;
    let value = '';
    const quote = text.charCodeAt(i);
    if (i < length && quotes.includes(text[i])) {
      i++;
      // Runs between escapes are sliced whole; an escaped quote or backslash keeps its second character.
      let run = i;
      while (i < length && text.charCodeAt(i) !== quote) {
        const next = text.charCodeAt(i + 1);
        if (text.charCodeAt(i) === BACKSLASH && (next === quote || next === BACKSLASH)) {
          value += text.slice(run, i);
          run = ++i;
        }
        i++;
      }
      value += text.slice(run, i);
      i++;
    } else {
      const valueStart = i;
      while (i < length && !isPairSep(i)) i++;
      value = text.slice(valueStart, i);
    }
    if (key) pairs.push([key, value]);
  }
  return { pairs, stray };
}
