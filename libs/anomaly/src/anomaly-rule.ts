/** The normalized-event attributes a rule may group by or watch. A fixed list: adapters map each to a column. */
export const ENTITY_KINDS = ['host', 'user', 'src_ip'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** A first-seen value: another entity, the process name, or a field of the event's `original` map. */
export type ValueKind = EntityKind | 'process' | { originalField: string };

export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

/** Events a rule counts; an empty list accepts any value for that attribute. */
export interface EventFilter {
  className: string[];
  action: string[];
  outcome: string[];
}

/** Where an entity's own history is read from. */
export type Baseline =
  /**
   * The same interval of the week in each of the previous `weeks` weeks: the same wall-clock time in
   * `timeZone` (an IANA name), so a daylight-saving change does not compare 9:00 with 8:00; UTC without one.
   */
  | { kind: 'same-hour-of-week'; weeks: number; timeZone?: string }
  /** The `intervals` intervals right before the evaluated one. */
  | { kind: 'rolling'; intervals: number };

export interface RateThreshold {
  /** How many standard deviations above the baseline mean the observed count must reach. */
  stdDevs: number;
  /** Fewer events than this in the evaluated interval never alert (quiet entities). */
  minObserved: number;
  /** Fewer baseline windows with history than this never alert (too little history). */
  minSamples: number;
  /** Floor of the standard deviation, so a perfectly steady baseline (std 0) still has a finite threshold. */
  minStdDev: number;
  /** Also floor the standard deviation at √mean, the spread of a Poisson count with that mean. */
  poissonFloor: boolean;
}

interface RuleCommon {
  /** `anomaly:<name>`: the alert's rule id. */
  id: string;
  name: string;
  title: string;
  level: Level;
  /** Tenants the rule applies to; empty means every tenant. */
  tenants: string[];
  filter: EventFilter;
  tactics: string[];
  techniques: string[];
}

/** Event rate per entity in each interval against the entity's own baseline. */
export interface RateRule extends RuleCommon {
  entity: EntityKind;
  intervalMs: number;
  baseline: Baseline;
  threshold: RateThreshold;
}

/** A value never seen with an entity within the lookback, e.g. a user on a host. */
export interface FirstSeenRule extends RuleCommon {
  entity: EntityKind;
  value: ValueKind;
  lookbackMs: number;
}

export interface AnomalyRuleSet {
  rate: RateRule[];
  firstSeen: FirstSeenRule[];
}

export function describeValueKind(value: ValueKind): string {
  return typeof value === 'string' ? value : `original.${value.originalField}`;
}
