/** The seven correlation types of Sigma correlation rules 2.1. */
export const CORRELATION_TYPES = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

/** Types whose condition aggregates the value of `condition.field`. */
export const VALUE_TYPES: ReadonlySet<CorrelationType> = new Set(['value_count', 'value_sum', 'value_avg', 'value_percentile']);

export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export const COMPARISON_OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** A condition: every comparison must hold (a range is two comparisons joined by AND). */
export type Comparisons = Partial<Record<ComparisonOperator, number>>;

/**
 * One validated correlation rule. `ref` names are the rule ids or names it references;
 * `aliases[alias][ruleIdOrName]` is the event field that alias reads for matches of that rule.
 */
export interface CorrelationDefinition {
  id: string;
  name?: string;
  title: string;
  type: CorrelationType;
  rules: readonly string[];
  groupBy: readonly string[];
  /** As written (`5m`), for messages. */
  timespan: string;
  timespanMs: number;
  comparisons: Comparisons;
  /** The fields a value_* condition reads; several only for value_count (their tuple is the value). */
  valueFields: readonly string[];
  aliases: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Whether the referenced rules still raise their own alerts (Sigma's `generate`, default false). */
  generate: boolean;
  level?: Level;
}
