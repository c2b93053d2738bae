/**
 * An anomaly rule that cannot run. Never retriable: the rule text must change. The message names
 * the rule file and line (when known), the key and the reason, e.g.
 * `anomaly.yaml:12: rate[0].threshold.stdDevs: Too small: expected number to be >0`.
 */
export class AnomalyRuleError extends Error {
  readonly retriable = false;

  constructor(
    /** Path of the bad key, e.g. ['rate', 0, 'threshold', 'stdDevs']. */
    readonly path: readonly (string | number)[],
    readonly reason: string,
    readonly source?: string,
    readonly line?: number,
  ) {
    const where = source ? `${source}${line === undefined ? '' : `:${line}`}: ` : '';
    super(`${where}${formatKeyPath(path) || '(root)'}: ${reason}`);
    this.name = 'AnomalyRuleError';
  }

  /** Dotted key, e.g. `rate[0].threshold.stdDevs`. */
  get key(): string {
    return formatKeyPath(this.path);
  }

  /** The same error, placed at a line of its source file. */
  atLine(line: number | undefined): AnomalyRuleError {
    return new AnomalyRuleError(this.path, this.reason, this.source, line);
  }
}

export function formatKeyPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key), '');
}
