export interface CorrelationIssue {
  /** Where in the rule document, e.g. `correlation.condition.gt`. */
  path: string;
  message: string;
}

/**
 * A correlation rule (or a set of them) that cannot run. Never retriable: the rule text must
 * change. Carries every issue found, not only the first, so one edit can fix them all.
 */
export class CorrelationRuleError extends Error {
  readonly retriable = false;

  constructor(
    readonly issues: readonly CorrelationIssue[],
    readonly ruleLabel?: string,
  ) {
    const prefix = ruleLabel ? `correlation rule ${ruleLabel}: ` : '';
    super(prefix + issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '));
    this.name = 'CorrelationRuleError';
  }
}
