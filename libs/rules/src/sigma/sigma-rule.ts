import type { EventInputs } from './match-input';
import type { Event } from '@quell/contracts';

export const SIGMA_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type SigmaLevel = (typeof SIGMA_LEVELS)[number];
export const SIGMA_STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'] as const;
export type SigmaStatus = (typeof SIGMA_STATUSES)[number];

export interface SigmaLogsource {
  product?: string;
  category?: string;
  service?: string;
  definition?: string;
}

/** Raw detection section as written in the rule: search identifiers plus `condition`. */
export type SigmaDetection = Record<string, unknown>;

/** `inputs`, when given, must be of this same event: rules tested on one event share its field reads. */
export type EventMatcher = (event: Event, inputs?: EventInputs) => boolean;

interface SigmaRuleBase {
  id: string | null;
  title: string;
  name: string | null;
  status: SigmaStatus | null;
  level: SigmaLevel | null;
  author: string | null;
  description: string | null;
  tags: string[];
  /** ATT&CK tactic names from `attack.<tactic>` tags, e.g. `execution`, `credential-access`. */
  tactics: string[];
  /** ATT&CK technique ids from `attack.tNNNN[.NNN]` tags, upper-cased, e.g. `T1059.001`. */
  techniques: string[];
  falsepositives: string[];
  /** Where the rule came from, for error messages and reports. */
  file: string;
  line: number;
}

export interface SigmaDetectionRule extends SigmaRuleBase {
  kind: 'detection';
  logsource: SigmaLogsource;
  detection: SigmaDetection;
  fields: string[];
  /** The compiled detection: true when the event satisfies the rule's condition. */
  matches: EventMatcher;
  /** Ids (or titles) of the global filters applied to this rule by the catalog, if any. */
  filteredBy?: readonly string[];
}

/** A correlation rule is recognised and kept as written; its semantics live in the correlation lib. */
export interface SigmaCorrelationRule extends SigmaRuleBase {
  kind: 'correlation';
  correlation: Record<string, unknown>;
}

export type SigmaRule = SigmaDetectionRule | SigmaCorrelationRule;

/**
 * A Sigma global filter (meta filter): tunes the rules it names. It is kept apart from SigmaRule
 * since it raises nothing itself; the catalog applies it to the rules it references.
 */
export interface SigmaFilterRule {
  kind: 'filter';
  id: string | null;
  title: string;
  description: string | null;
  logsource: SigmaLogsource;
  /** The ids or names of the rules the filter applies to, as written. */
  rules: string[];
  /** The filter section without `rules`: search identifiers plus `condition`. */
  detection: SigmaDetection;
  /** True when the filter's condition holds for the event (log source not checked). */
  matches: EventMatcher;
  file: string;
  line: number;
}

/** A rule (or one YAML document of it) that was rejected, with where and why. */
export interface RuleLoadError {
  file: string;
  line: number;
  reason: string;
}

export class SigmaRuleError extends Error {
  /** A bad rule stays bad: loading it again cannot succeed. */
  readonly retriable = false;
  constructor(
    message: string,
    /** Path inside the rule (e.g. ['detection', 'selection', 'Image|re']) used to find the line. */
    readonly path: readonly (string | number)[] = [],
  ) {
    super(message);
    this.name = 'SigmaRuleError';
  }
}
