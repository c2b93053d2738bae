import { readYamlWithSchema } from '@quell/input-limits';
import { z } from 'zod';
import { CHANGE_KINDS } from './change-input';

/** What happens to an alert an approved change covers; it is never dropped either way. */
export const SCREENING_ACTIONS = ['suppress', 'annotate'] as const;
export type ScreeningAction = (typeof SCREENING_ACTIONS)[number];

export const ALERT_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export const ALERT_KINDS = ['detection', 'correlation', 'anomaly', 'intel', 'change'] as const;

/** One covered alert as the policy sees it. `changeKind` is `freeze` for a change inside a freeze window. */
export interface ScreeningCase {
  tenant: string;
  changeKind: string;
  level: string;
  alertKind: string;
}

export interface ScreeningDecision {
  action: ScreeningAction;
  /** Which rule decided, for the alert's reason, e.g. `built-in: critical alerts are annotated, never suppressed`. */
  because: string;
}

/** Per tenant, change kind, alert level and alert kind: suppress or annotate (README "Screening policy"). */
export interface ScreeningPolicy {
  decide(covered: ScreeningCase): ScreeningDecision;
}

/** A policy file that cannot be used; `problems` lists every mistake as `file:line: key: reason`. */
export class ScreeningPolicyError extends Error {
  constructor(readonly problems: string[]) {
    super(`screening policy refused:\n  ${problems.join('\n  ')}`);
    this.name = 'ScreeningPolicyError';
  }
}

const list = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(1_000).optional();

const ruleSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  tenants: list(z.string().min(1).max(200)),
  changeKinds: list(z.enum(CHANGE_KINDS)),
  levels: list(z.enum(ALERT_LEVELS)),
  alertKinds: list(z.enum(ALERT_KINDS)),
  action: z.enum(SCREENING_ACTIONS),
});
type RuleFile = z.infer<typeof ruleSchema>;

const policySchema = z.strictObject({ version: z.literal(1), rules: z.array(ruleSchema).max(1_000).default([]) });

/**
 * What Alertmanager and PagerDuty users expect, after the file's own rules (first match wins): a
 * critical alert or an intel hit is annotated, never suppressed; an alert of a change made inside a
 * freeze stays on the paging path; anything else an approved change covers is suppressed.
 */
const BUILT_IN_RULES: RuleFile[] = [
  { name: 'built-in: critical alerts are annotated, never suppressed', levels: ['critical'], action: 'annotate' },
  { name: 'built-in: intel hits are annotated, never suppressed', alertKinds: ['intel'], action: 'annotate' },
  { name: 'built-in: a change inside a freeze window is annotated', changeKinds: ['freeze'], action: 'annotate' },
  { name: 'built-in: covered by an approved change', action: 'suppress' },
];

interface CompiledRule {
  because: string;
  action: ScreeningAction;
  matches(covered: ScreeningCase): boolean;
}

/**
 * Parses a screening policy YAML text. Read within the input limits; every mistake is reported at
 * once with its line and key, e.g. `policy.yaml:4: rules.0.levels.0: Invalid option: expected one of …`.
 */
export function parseScreeningPolicy(text: string, source: string): ScreeningPolicy {
  const result = readYamlWithSchema(text, source, policySchema);
  if (!result.ok) throw new ScreeningPolicyError(result.problems);
  return policyOf(result.value.rules.map((rule, index) => ({ ...rule, name: rule.name ?? `${source} rule ${index + 1}` })));
}

/** The built-in rules alone: the policy when CHANGE_SCREENING_POLICY_FILE is unset. */
export const DEFAULT_SCREENING_POLICY: ScreeningPolicy = policyOf([]);

function policyOf(rules: RuleFile[]): ScreeningPolicy {
  const compiled = [...rules, ...BUILT_IN_RULES].map(compile);
  return {
    decide(covered) {
      // The last built-in rule matches everything, so a rule is always found.
      const rule = compiled.find((r) => r.matches(covered)) as CompiledRule;
      return { action: rule.action, because: rule.because };
    },
  };
}

function compile(rule: RuleFile): CompiledRule {
  const allows = (values: readonly string[] | undefined, value: string) => values === undefined || values.includes(value);
  return {
    because: rule.name as string,
    action: rule.action,
    matches: (c) =>
      allows(rule.tenants, c.tenant) && allows(rule.changeKinds, c.changeKind) && allows(rule.levels, c.level.toLowerCase()) && allows(rule.alertKinds, c.alertKind),
  };
}
