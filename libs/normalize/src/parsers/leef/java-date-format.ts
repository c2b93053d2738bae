const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const MAX_PATTERN_LENGTH = 100;

/** Java SimpleDateFormat letters LEEF `devTimeFormat` uses, as regex pieces. */
const TOKENS: Array<[string, string]> = [
  ['yyyy', '(?<y>\\d{4})'],
  ['MMM', '(?<mon>[A-Za-z]{3})'],
  ['MM', '(?<M>\\d{2})'],
  ['dd', '(?<d>\\d{1,2})'],
  ['HH', '(?<H>\\d{2})'],
  ['mm', '(?<m>\\d{2})'],
  ['ss', '(?<s>\\d{2})'],
  ['SSS', '(?<S>\\d{3})'],
  ['XXX', '(?<z>Z|[+-]\\d{2}:\\d{2})'],
  ['Z', '(?<z>Z|[+-]\\d{4})'],
  ['z', '(?<z>[A-Z]{1,5}|[+-]\\d{2}:?\\d{2})'],
];

/**
 * Parses `value` with a Java date pattern such as `MMM dd yyyy HH:mm:ss.SSS zzz` or
 * `yyyy-MM-dd'T'HH:mm:ss.SSSZ`. Zone names other than UTC/GMT are not resolved (undefined).
 */
export function parseJavaDate(value: string, pattern: string): number | undefined {
  // The regular expression is built from the sender's text: a long one is no date format, and V8 refuses huge ones.
  if (pattern.length > MAX_PATTERN_LENGTH) return undefined;
  let source = '';
  for (let i = 0; i < pattern.length; ) {
    if (pattern[i] === "'") {
      const end = pattern.indexOf("'", i + 1);
      const literal = pattern.slice(i + 1, end < 0 ? pattern.length : end);
      source += literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    const token = TOKENS.find(([t]) => pattern.startsWith(t, i));
    if (token) {
      source += token[1];
      i += token[0].length;
    } else {
      source += pattern[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  let g: Record<string, string> | undefined;
  try {
    g = new RegExp(`^${source}$`).exec(value.trim())?.groups;
  } catch {
    // A letter repeated in the sender's format (`yyyy…yyyy`) names one group twice: not a date we can read.
    return undefined;
  }
  if (!g) return undefined;
  const month = g['mon'] ? MONTHS.indexOf(g['mon'].toLowerCase()) : Number(g['M']) - 1;
  if (month < 0 || !g['y'] || !g['d']) return undefined;
  const local = Date.UTC(Number(g['y']), month, Number(g['d']), Number(g['H'] ?? 0), Number(g['m'] ?? 0), Number(g['s'] ?? 0), Number(g['S'] ?? 0));
  const zone = g['z'];
  if (!zone || zone === 'Z' || zone === 'UTC' || zone === 'GMT') return local;
  if (!/^[+-]/.test(zone)) return undefined;
  const digits = zone.slice(1).replace(':', '');
  const sign = zone.startsWith('-') ? -1 : 1;
  return local - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}
