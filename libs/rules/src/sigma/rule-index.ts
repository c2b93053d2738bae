import type { Event } from '@quell/contracts';
import { belongsToLogsource } from './logsource-router';
import type { SigmaDetectionRule } from './sigma-rule';

export interface DetectionRuleSetOptions {
  /** false: try every rule on every event (the plain loop; a baseline for tests and benchmarks). */
  indexed?: boolean;
}

/**
 * The detection rules a correlator runs, compiled once: `match` returns, in load order, the rules
 * whose log source the event belongs to and whose detection it satisfies.
 */
export class DetectionRuleSet {
  private readonly rules: readonly SigmaDetectionRule[];

  constructor(rules: readonly SigmaDetectionRule[], _options: DetectionRuleSetOptions = {}) {
    this.rules = [...rules];
  }

  get size(): number {
    return this.rules.length;
  }

  match(event: Event): SigmaDetectionRule[] {
    return this.rules.filter((rule) => belongsToLogsource(rule.logsource, event) && rule.matches(event));
  }
}
