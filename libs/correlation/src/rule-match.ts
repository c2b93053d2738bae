import { Level } from './correlation-definition';

export type FieldValue = string | number | boolean | null | undefined;

/**
 * One detection hit handed to the engine. `fields` holds the event's values for the fields the
 * correlations need (CorrelationSet.requiredFields names them): the engine resolves group-by
 * fields through aliases and reads each value_* correlation's own `condition.field`, since one
 * match can feed several correlations that group and aggregate differently.
 */
export interface RuleMatch {
  ruleId: string;
  ruleName?: string;
  /** The event's own timestamp, epoch milliseconds. */
  time: number;
  /** Unique per match (e.g. the event id); a replayed match with the same time and id is ignored. */
  matchId: string;
  fields: Readonly<Record<string, FieldValue>>;
  /** The matched rule's level, for escalation. */
  level?: Level;
}
