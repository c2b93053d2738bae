import { SigmaRuleError } from './sigma-rule';

export const STRING_MODIFIERS = ['contains', 'startswith', 'endswith'] as const;
export const ENCODING_MODIFIERS = ['base64', 'base64offset', 'utf16le', 'utf16be', 'utf16', 'wide'] as const;
export const NUMERIC_MODIFIERS = ['lt', 'lte', 'gt', 'gte'] as const;
export const TIME_MODIFIERS = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
export const REGEX_FLAGS = ['i', 'm', 's'] as const;
const OTHER_MODIFIERS = ['all', 're', 'cidr', 'windash', 'exists', 'cased', 'neq', 'expand', 'fieldref'] as const;

export type StringModifier = (typeof STRING_MODIFIERS)[number];
export type NumericModifier = (typeof NUMERIC_MODIFIERS)[number];
export type TimeModifier = (typeof TIME_MODIFIERS)[number];
type Modifier =
  | StringModifier
  | (typeof ENCODING_MODIFIERS)[number]
  | NumericModifier
  | TimeModifier
  | (typeof REGEX_FLAGS)[number]
  | (typeof OTHER_MODIFIERS)[number];

const KNOWN = new Set<string>([...STRING_MODIFIERS, ...ENCODING_MODIFIERS, ...NUMERIC_MODIFIERS, ...TIME_MODIFIERS, ...REGEX_FLAGS, ...OTHER_MODIFIERS]);

/** The modifiers of one `field|mod|mod` key, checked and sorted by what they do. */
export interface ModifierSet {
  field: string;
  has(modifier: Modifier): boolean;
  position: StringModifier | null;
  numeric: NumericModifier | null;
  time: TimeModifier | null;
  utf16: 'utf16le' | 'utf16be' | 'utf16' | null;
}

export function parseFieldKey(key: string, path: readonly (string | number)[]): ModifierSet {
  const [field, ...names] = key.split('|');
  const fail = (reason: string) => {
    throw new SigmaRuleError(`${key}: ${reason}`, path);
  };
  for (const name of names) if (!KNOWN.has(name)) fail(`unknown modifier "${name}"`);
  const set = new Set(names);
  const pick = <T extends string>(group: readonly T[], what: string): T | null => {
    const found = group.filter((m) => set.has(m));
    if (found.length > 1) fail(`${found.join(' and ')} cannot be combined (${what})`);
    return found[0] ?? null;
  };
  const position = pick(STRING_MODIFIERS, 'position');
  const numeric = pick(NUMERIC_MODIFIERS, 'comparison');
  const time = pick(TIME_MODIFIERS, 'date part');
  const utf16Raw = pick(['utf16le', 'utf16be', 'utf16', 'wide'] as const, 'text encoding');
  pick(['base64', 'base64offset'] as const, 'base64 encoding');
  if (REGEX_FLAGS.some((f) => set.has(f)) && !set.has('re')) fail('regular expression flags need the re modifier');
  if (set.has('re') && (position || set.has('windash') || set.has('base64') || set.has('base64offset'))) {
    fail('re cannot be combined with string or encoding modifiers');
  }
  if (utf16Raw && !set.has('base64') && !set.has('base64offset')) fail(`${utf16Raw} needs base64 or base64offset after it`);
  if (set.has('exists') && names.length > 1) fail('exists stands alone');
  return {
    field,
    has: (modifier) => set.has(modifier),
    position,
    numeric,
    time,
    utf16: utf16Raw === 'wide' ? 'utf16le' : utf16Raw,
  };
}
