/**
 * An anomaly rule that cannot run. Never retriable: the rule text must change. The message names
 * the rule file (when known), the key inside it and the reason, e.g.
 * `anomaly.yaml: rate[0].threshold.stdDevs: must be greater than 0`.
 */
export class AnomalyRuleError extends Error {
  readonly retriable = false;

  constructor(
    /** Dotted path of the bad key, e.g. `rate[0].threshold.stdDevs`. */
    readonly key: string,
    readonly reason: string,
    readonly source?: string,
  ) {
    super(`${source ? `${source}: ` : ''}${key || '(root)'}: ${reason}`);
    this.name = 'AnomalyRuleError';
  }
}
