// rrule-temporal ignores a part it does not know or cannot read (COUNT=1O, BYHOUR=99, BYMONHT=3)
// and recurs without it, so a typo would silently make a window recur for ever or at other times.
// Each part is checked against the RFC 5545 §3.3.10 grammar first.

const WEEKDAY = '(SU|MO|TU|WE|TH|FR|SA)';
const list = (item: string) => new RegExp(`^${item}(,${item})*$`, 'i');
/** An integer list item in [min, max], signed when negative values are allowed. */
const numbers = (min: number, max: number, signed = false): PartRule => ({ pattern: list(signed ? '[+-]?\\d{1,3}' : '\\d{1,3}'), range: [min, max] });

/** A part's value syntax and, for integer lists, the range of each item's magnitude. */
type PartRule = { pattern: RegExp; range?: [number, number] };

const PART_RULES: Record<string, PartRule> = {
  FREQ: { pattern: /^\w+$/ }, // the library refuses an unknown FREQ itself, naming it
  UNTIL: { pattern: /^\d{8}(T\d{6}Z?)?$/i },
  COUNT: { pattern: /^[1-9]\d{0,8}$/ },
  INTERVAL: { pattern: /^[1-9]\d{0,8}$/ },
  BYSECOND: numbers(0, 60),
  BYMINUTE: numbers(0, 59),
  BYHOUR: numbers(0, 23),
  BYDAY: { pattern: list(`([+-]?(0?[1-9]|[1-4]\\d|5[0-3]))?${WEEKDAY}`) },
  BYMONTHDAY: numbers(1, 31, true),
  BYYEARDAY: numbers(1, 366, true),
  BYWEEKNO: numbers(1, 53, true),
  BYMONTH: numbers(1, 12),
  BYSETPOS: numbers(1, 366, true),
  WKST: { pattern: new RegExp(`^${WEEKDAY}$`, 'i') },
};

/** Why one part of an RRULE value (without "RRULE:") breaks RFC 5545, or null when every part is well formed. */
export function rrulePartProblem(rrule: string): string | null {
  const seen = new Set<string>();
  for (const part of rrule.split(';').filter((part) => part.trim() !== '')) {
    const [rawName, value = '', ...rest] = part.split('=');
    const name = rawName.trim().toUpperCase();
    const rule = PART_RULES[name];
    if (!rule) return `unknown part "${rawName.trim()}" (RFC 5545 parts: ${Object.keys(PART_RULES).join(', ')})`;
    if (seen.has(name)) return `${name} is given twice`;
    seen.add(name);
    const text = value.trim();
    if (rest.length > 0 || !rule.pattern.test(text) || !inRange(text, rule)) return `${name}=${text} is not a valid ${name} value`;
  }
  return null;
}

function inRange(text: string, { range }: PartRule): boolean {
  if (!range) return true;
  return text.split(',').every((item) => Math.abs(Number(item)) >= range[0] && Math.abs(Number(item)) <= range[1]);
}
