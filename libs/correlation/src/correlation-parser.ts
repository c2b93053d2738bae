import { isComparisonOperator, unsatisfiableReason } from './correlation-condition';
import {
  CORRELATION_TYPES,
  Comparisons,
  CorrelationDefinition,
  CorrelationType,
  LEVELS,
  Level,
  VALUE_TYPES,
} from './correlation-definition';
import { CorrelationIssue, CorrelationRuleError } from './correlation-rule-error';
import { parseTimespan } from './timespan';

type Doc = Record<string, unknown>;

const SECTION_KEYS = new Set(['type', 'rules', 'group-by', 'timespan', 'condition', 'aliases', 'generate']);

export interface ParseCorrelationOptions {
  /** Used as the id when the rule has neither `id` nor `name` (e.g. the file path). */
  fallbackId?: string;
}

function isMap(value: unknown): value is Doc {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isUniqueStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0) && new Set(value).size === value.length;
}

/**
 * Validates a whole correlation rule document (title, id, name, level, generate and the
 * `correlation:` section) and returns its definition, or throws a CorrelationRuleError listing
 * every problem. `generate` is read from the rule or from the section (both spellings exist).
 */
export function parseCorrelationRule(doc: unknown, options: ParseCorrelationOptions = {}): CorrelationDefinition {
  const issues: CorrelationIssue[] = [];
  const issue = (path: string, message: string): void => void issues.push({ path, message });
  if (!isMap(doc)) throw new CorrelationRuleError([{ path: '', message: 'a correlation rule must be a map' }]);

  const title = doc.title;
  if (typeof title !== 'string' || title.length === 0 || title.length > 256) issue('title', 'must be a string of 1 to 256 characters');
  const name = doc.name;
  if (name !== undefined && (typeof name !== 'string' || name.length === 0)) issue('name', 'must be a non-empty string');
  const rawId = doc.id ?? name ?? options.fallbackId;
  if (typeof rawId !== 'string' || rawId.length === 0) issue('id', 'the rule needs an id or a name to key its state');
  const level = doc.level;
  if (level !== undefined && !(LEVELS as readonly unknown[]).includes(level)) issue('level', `must be one of ${LEVELS.join(', ')}`);

  const section = doc.correlation;
  if (!isMap(section)) {
    issue('correlation', 'must be a map');
    throw new CorrelationRuleError(issues, String(rawId ?? title ?? ''));
  }
  for (const key of Object.keys(section)) {
    if (!SECTION_KEYS.has(key)) issue(`correlation.${key}`, `unknown key (allowed: ${[...SECTION_KEYS].join(', ')})`);
  }

  const type = section.type;
  const typeOk = (CORRELATION_TYPES as readonly unknown[]).includes(type);
  if (!typeOk) issue('correlation.type', `must be one of ${CORRELATION_TYPES.join(', ')}`);
  const temporal = type === 'temporal' || type === 'temporal_ordered';

  const rules = section.rules;
  if (!isUniqueStringList(rules) || rules.length === 0) issue('correlation.rules', 'must be a non-empty list of distinct rule ids or names');
  else if (temporal && rules.length < 2) issue('correlation.rules', `${String(type)} needs at least two rules`);

  const groupBy = section['group-by'];
  if (!isUniqueStringList(groupBy)) issue('correlation.group-by', 'must be a list of distinct field names');

  const timespanText = section.timespan;
  const timespanMs = typeof timespanText === 'string' ? parseTimespan(timespanText) : undefined;
  if (timespanMs === undefined) issue('correlation.timespan', 'must be a positive whole number and one of s, m, h, d (e.g. 10s, 5m, 1h, 1d)');

  const generate = section.generate ?? doc.generate ?? false;
  if (typeof generate !== 'boolean') issue('generate', 'must be true or false');

  const aliases = parseAliases(section.aliases, Array.isArray(rules) ? rules : [], issue);
  const condition = typeOk ? parseCondition(section.condition, type as CorrelationType, Array.isArray(rules) ? rules.length : 0, issue) : undefined;

  if (issues.length > 0 || !condition) throw new CorrelationRuleError(issues, String(rawId ?? title ?? ''));
  return {
    id: rawId as string,
    ...(typeof name === 'string' ? { name } : {}),
    title: title as string,
    type: type as CorrelationType,
    rules: rules as string[],
    groupBy: groupBy as string[],
    timespan: timespanText as string,
    timespanMs: timespanMs as number,
    comparisons: condition.comparisons,
    valueFields: condition.valueFields,
    aliases,
    generate: generate as boolean,
    ...(level !== undefined ? { level: level as Level } : {}),
  };
}

function parseAliases(raw: unknown, rules: readonly unknown[], issue: (path: string, message: string) => void): Record<string, Record<string, string>> {
  if (raw === undefined) return {};
  if (!isMap(raw)) {
    issue('correlation.aliases', 'must be a map of alias to (rule name to field)');
    return {};
  }
  const out: Record<string, Record<string, string>> = {};
  for (const [alias, mapping] of Object.entries(raw)) {
    const path = `correlation.aliases.${alias}`;
    if (!isMap(mapping)) {
      issue(path, 'must map rule names to field names');
      continue;
    }
    out[alias] = {};
    for (const [ruleRef, field] of Object.entries(mapping)) {
      if (!rules.includes(ruleRef)) issue(`${path}.${ruleRef}`, 'names a rule that correlation.rules does not list');
      if (typeof field !== 'string' || field.length === 0) issue(`${path}.${ruleRef}`, 'must be a field name');
      else out[alias][ruleRef] = field;
    }
  }
  return out;
}

function parseCondition(
  raw: unknown,
  type: CorrelationType,
  ruleCount: number,
  issue: (path: string, message: string) => void,
): { comparisons: Comparisons; valueFields: string[] } | undefined {
  const temporal = type === 'temporal' || type === 'temporal_ordered';
  // A temporal condition counts the distinct rules seen; without one, all of them must appear.
  if (raw === undefined && temporal) return { comparisons: { gte: ruleCount }, valueFields: [] };
  if (!isMap(raw)) {
    issue('correlation.condition', `${type} needs a condition map (e.g. gte: 10)`);
    return undefined;
  }
  const comparisons: Comparisons = {};
  let valueFields: string[] = [];
  let ok = true;
  for (const [key, value] of Object.entries(raw)) {
    const path = `correlation.condition.${key}`;
    if (key === 'field') {
      if (typeof value === 'string' && value.length > 0) valueFields = [value];
      else if (type === 'value_count' && isUniqueStringList(value) && value.length > 0) valueFields = value;
      else {
        ok = false;
        issue(path, type === 'value_count' ? 'must be a field name or a list of field names' : 'must be a field name');
      }
    } else if (!isComparisonOperator(key)) {
      ok = false;
      issue(path, 'unknown key (allowed: gt, gte, lt, lte, eq, neq, field)');
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      ok = false;
      issue(path, 'must be a number');
    } else comparisons[key] = value;
  }
  if (Object.keys(comparisons).length === 0 && ok) {
    ok = false;
    issue('correlation.condition', 'needs at least one of gt, gte, lt, lte, eq, neq');
  }
  if (VALUE_TYPES.has(type) && valueFields.length === 0 && !('field' in raw)) {
    ok = false;
    issue('correlation.condition.field', `${type} needs the field whose values it aggregates`);
  }
  if (!VALUE_TYPES.has(type) && 'field' in raw) {
    ok = false;
    issue('correlation.condition.field', `only value_count, value_sum, value_avg and value_percentile use a field, not ${type}`);
  }
  const unsatisfiable = ok ? unsatisfiableReason(comparisons) : undefined;
  if (unsatisfiable) {
    ok = false;
    issue('correlation.condition', `can never hold: ${unsatisfiable}`);
  }
  if (ok && type === 'value_percentile' && Object.values(comparisons).some((bound) => bound < 0 || bound > 100)) {
    ok = false;
    issue('correlation.condition', 'value_percentile compares a percentage, so its bounds must lie between 0 and 100');
  }
  return ok ? { comparisons, valueFields } : undefined;
}
