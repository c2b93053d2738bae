import { EntryError, Indicator, severityOf } from './indicator';
import { normalizeIndicator } from './normalize-indicator';

/** The fields of one list entry as read from a CSV row or a JSON object. */
export interface EntryFields {
  type?: string;
  value?: string;
  description?: string;
  severity?: string;
  source?: string;
  subdomains?: string | boolean;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '']);

/** One entry → an indicator, or the reason it cannot be one. `defaultType` is the list's declared kind. */
export function indicatorOfEntry(fields: EntryFields, defaultType: string | undefined): Indicator | { reason: string } {
  const type = fields.type?.trim() || defaultType;
  if (!type) return { reason: 'no type: give a type column/property or declare the list kind' };
  if (fields.value === undefined || fields.value.trim() === '') return { reason: 'empty value' };
  let subdomains = false;
  if (typeof fields.subdomains === 'boolean') subdomains = fields.subdomains;
  else if (fields.subdomains !== undefined) {
    const word = fields.subdomains.trim().toLowerCase();
    if (!TRUE_WORDS.has(word) && !FALSE_WORDS.has(word)) return { reason: `subdomains must be true or false, not "${fields.subdomains}"` };
    subdomains = TRUE_WORDS.has(word);
  }
  const normalized = normalizeIndicator(type, fields.value, { subdomains });
  if (!normalized.ok) return { reason: normalized.reason };
  const indicator: Indicator = { kind: normalized.kind, value: normalized.value };
  if (fields.severity?.trim()) {
    const severity = severityOf(fields.severity);
    if (!severity) return { reason: `unknown severity "${fields.severity}" (informational, low, medium, high, critical)` };
    indicator.severity = severity;
  }
  if (fields.description?.trim()) indicator.description = fields.description.trim();
  if (fields.source?.trim()) indicator.source = fields.source.trim();
  return indicator;
}

export function isIndicator(value: Indicator | { reason: string }): value is Indicator {
  return 'kind' in value;
}

/** Adds an indicator unless the list already holds the same kind and value (the first one wins). */
export class IndicatorCollector {
  readonly indicators: Indicator[] = [];
  readonly errors: EntryError[] = [];
  private readonly seen = new Set<string>();

  add(result: Indicator | { reason: string }, where: Omit<EntryError, 'reason'>): void {
    if (!isIndicator(result)) {
      this.errors.push({ ...where, reason: result.reason });
      return;
    }
    const key = `${result.kind}|${result.value}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.indicators.push(result);
  }
}
