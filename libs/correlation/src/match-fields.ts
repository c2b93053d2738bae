import { CorrelationDefinition } from './correlation-definition';
import { RuleRef, fieldFor } from './correlation-set';
import { FieldValue } from './rule-match';

export type ExtractedMatch =
  | { ok: true; groupKey: string; value: string | number | undefined }
  | { ok: false; missing: 'group-by' | 'value' };

function present(value: FieldValue): value is string | number | boolean {
  return value !== null && value !== undefined;
}

/**
 * Reads a match's group key and aggregated value for one correlation. A missing group-by field
 * (null or absent) means the match does not count; so does a missing value field, or a
 * non-numeric one for value_sum and value_avg.
 */
export function extractMatch(def: CorrelationDefinition, ref: RuleRef, fields: Readonly<Record<string, FieldValue>>): ExtractedMatch {
  const group: string[] = [];
  for (const name of def.groupBy) {
    const value = fields[fieldFor(def, name, ref)];
    if (!present(value)) return { ok: false, missing: 'group-by' };
    group.push(String(value));
  }
  // JSON of the value list: unambiguous whatever characters the values hold.
  const groupKey = JSON.stringify(group);
  if (def.valueFields.length === 0) return { ok: true, groupKey, value: undefined };
  const raw = def.valueFields.map((field) => fields[field]);
  if (!raw.every(present)) return { ok: false, missing: 'value' };
  if (def.type === 'value_sum' || def.type === 'value_avg') {
    const number = typeof raw[0] === 'number' ? raw[0] : typeof raw[0] === 'string' && raw[0].trim() !== '' ? Number(raw[0]) : NaN;
    return Number.isFinite(number) ? { ok: true, groupKey, value: number } : { ok: false, missing: 'value' };
  }
  return { ok: true, groupKey, value: raw.length === 1 ? String(raw[0]) : JSON.stringify(raw.map(String)) };
}

/** The group-by values back from a group key, by group-by name. */
export function groupValues(def: CorrelationDefinition, groupKey: string): Record<string, string> {
  const values = JSON.parse(groupKey) as string[];
  return Object.fromEntries(def.groupBy.map((name, i) => [name, values[i]]));
}
