/** How pairs are separated and written; defaults read `a=1 b="x y"` and Fortinet-style logs. */
export interface KvOptions {
  /** Between pairs; the default is any run of whitespace (or auditd's 0x1D). */
  pairSeparator?: string;
  /** Between key and value. */
  valueSeparator?: string;
  /** Characters that may quote a value; a quote inside is escaped with a backslash. */
  quotes?: string;
}

// Whitespace, and the group separator (0x1D) auditd's ENRICHED format writes before the names it adds.
// eslint-disable-next-line no-control-regex -- 0x1D is the separator auditd writes, on purpose
const DEFAULT_PAIR_SEPARATOR = /[\s\x1d]/;

/**
 * Splits `key=value` pairs. Quoted values may contain separators and spaces; a pair without a
 * value separator is skipped (returned in `stray` so the caller can warn).
 */
export function splitKeyValues(text: string, options: KvOptions = {}): { pairs: Array<[string, string]>; stray: string[] } {
  const valueSep = options.valueSeparator ?? '=';
  const quotes = options.quotes ?? '"\'';
  const isPairSep = options.pairSeparator === undefined ? (i: number) => DEFAULT_PAIR_SEPARATOR.test(text[i]) : (i: number) => text.startsWith(options.pairSeparator as string, i);
  const sepLength = options.pairSeparator?.length ?? 1;
  const pairs: Array<[string, string]> = [];
  const stray: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && (isPairSep(i) || /\s/.test(text[i]))) i += isPairSep(i) ? sepLength : 1;
    if (i >= text.length) break;
    const keyStart = i;
    while (i < text.length && !text.startsWith(valueSep, i) && !isPairSep(i)) i++;
    const key = text.slice(keyStart, i).trim();
    if (!text.startsWith(valueSep, i)) {
      if (key) stray.push(key);
      continue;
    }
    i += valueSep.length;
    let value = '';
    const quote = text[i];
    if (quote !== undefined && quotes.includes(quote)) {
      i++;
      while (i < text.length && text[i] !== quote) {
        if (text[i] === '\\' && (text[i + 1] === quote || text[i + 1] === '\\')) i++;
        value += text[i++];
      }
      i++;
    } else {
      const valueStart = i;
      while (i < text.length && !isPairSep(i)) i++;
      value = text.slice(valueStart, i);
    }
    if (key) pairs.push([key, value]);
  }
  return { pairs, stray };
}
