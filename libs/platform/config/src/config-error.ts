/** One invalid or missing environment variable and why it was rejected. */
export interface ConfigIssue {
  key: string;
  message: string;
}

/**
 * Thrown at boot when the environment does not satisfy the app's schema. Never retriable:
 * the process must exit and be restarted with a corrected environment.
 */
export class ConfigError extends Error {
  readonly retriable = false;

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`Invalid configuration: ${issues.map((issue) => `${issue.key}: ${issue.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}
