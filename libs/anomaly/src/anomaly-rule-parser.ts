import { z } from 'zod';
import { ATTACK_TACTICS } from '@quell/rules';
import { AnomalyRuleError } from './anomaly-rule-error';
import { DAY_MS, parseDuration, WEEK_MS } from './duration';
import { ENTITY_KINDS, LEVELS, type AnomalyRuleSet, type EventFilter, type FirstSeenRule, type RateRule } from './anomaly-rule';
import { isTimeZone } from './time-zone';

/** History is kept 90 days (TTL of quell_events); a baseline or lookback reaching further reads nothing. */
export const HISTORY_RETENTION_MS = 90 * DAY_MS;

const duration = (min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration like 90s, 15m, 1h, 30d or 4w` });
    else if (ms < min || ms > max) ctx.addIssue({ code: 'custom', message: `${text} is outside ${min / 1000}s..${max / DAY_MS}d` });
    return ms ?? 0;
  });

/**
 * ATT&CK names in one style, Sigma's (the kill chain and the alert tags read them): a tactic
 * `Credential_Access` or `attack.credential-access` is `credential-access`; a technique
 * `t1110.001` or `attack.T1110.001` is `T1110.001`. Anything else names the key.
 */
const tacticName = z.string().transform((text, ctx) => {
  const name = text.trim().toLowerCase().replace(/^attack\./, '').replace(/[_\s]+/g, '-');
  if (!(ATTACK_TACTICS as readonly string[]).includes(name)) ctx.addIssue({ code: 'custom', message: `"${text}" is not an ATT&CK tactic (e.g. credential-access, lateral-movement)` });
  return name;
});
const techniqueId = z.string().transform((text, ctx) => {
  const id = text.trim().toUpperCase().replace(/^ATTACK\./, '');
  if (!/^T\d{4}(\.\d{3})?$/.test(id)) ctx.addIssue({ code: 'custom', message: `"${text}" is not an ATT&CK technique id (e.g. T1110 or T1059.001)` });
  return id;
});

const stringList = z.union([z.string().min(1), z.array(z.string().min(1))]).transform((v) => (typeof v === 'string' ? [v] : v));

const filterSchema = z
  .strictObject({ className: stringList.optional(), action: stringList.optional(), outcome: stringList.optional() })
  .optional()
  .transform((f): EventFilter => ({ className: f?.className ?? [], action: f?.action ?? [], outcome: f?.outcome ?? [] }));

const common = {
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'must be lower-case letters, digits, ".", "_" or "-"'),
  title: z.string().min(1).optional(),
  level: z.enum(LEVELS).default('medium'),
  tenants: z.array(z.string().min(1)).default([]),
  filter: filterSchema,
  tactics: z.array(tacticName).default([]),
  techniques: z.array(techniqueId).default([]),
};

const baselineSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('same-hour-of-week'),
    weeks: z.number().int().min(1).max(12).default(4),
    timeZone: z.string().refine(isTimeZone, 'is not a time zone (an IANA name such as Europe/Berlin)').optional(),
  }),
  z.strictObject({ kind: z.literal('rolling'), intervals: z.number().int().min(1).max(1000).default(24) }),
]);

const thresholdSchema = z
  .strictObject({
    stdDevs: z.number().positive().default(3),
    minObserved: z.number().int().min(1).default(10),
    minSamples: z.number().int().min(1).default(3),
    minStdDev: z.number().positive().default(1),
    poissonFloor: z.boolean().default(true),
  })
  .default({ stdDevs: 3, minObserved: 10, minSamples: 3, minStdDev: 1, poissonFloor: true });

const rateSchema = z
  .strictObject({
    ...common,
    entity: z.enum(ENTITY_KINDS),
    interval: duration(60_000, WEEK_MS).default(3_600_000),
    baseline: baselineSchema.default({ kind: 'same-hour-of-week', weeks: 4 }),
    threshold: thresholdSchema,
  })
  .superRefine((rule, ctx) => {
    const reach = rule.baseline.kind === 'rolling' ? (rule.baseline.intervals + 1) * rule.interval : rule.baseline.weeks * WEEK_MS + rule.interval;
    if (reach > HISTORY_RETENTION_MS) {
      ctx.addIssue({ code: 'custom', path: ['baseline'], message: 'reaches further back than the 90 days of history kept' });
    }
    if (rule.threshold.minSamples > (rule.baseline.kind === 'rolling' ? rule.baseline.intervals : rule.baseline.weeks)) {
      ctx.addIssue({ code: 'custom', path: ['threshold', 'minSamples'], message: 'is larger than the number of baseline windows' });
    }
  });

const valueSchema = z.union([
  z.enum([...ENTITY_KINDS, 'process']),
  z.strictObject({ originalField: z.string().min(1).max(200) }),
]);

const firstSeenSchema = z
  .strictObject({
    ...common,
    entity: z.enum(ENTITY_KINDS),
    value: valueSchema,
    lookback: duration(60_000, HISTORY_RETENTION_MS).default(30 * DAY_MS),
  })
  .refine((rule) => rule.entity !== rule.value, { path: ['value'], message: 'must differ from entity' });

const ruleSetSchema = z.strictObject({
  rate: z.array(rateSchema).default([]),
  firstSeen: z.array(firstSeenSchema).default([]),
});

/**
 * Validates an anomaly rule document (parsed YAML or JSON) and fills the defaults. Throws an
 * AnomalyRuleError naming the first bad key, e.g. `rate[0].threshold.stdDevs`.
 */
export function parseAnomalyRules(document: unknown, source?: string): AnomalyRuleSet {
  const parsed = ruleSetSchema.safeParse(document ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
    const path = keys.map((k) => (typeof k === 'number' ? k : String(k)));
    throw new AnomalyRuleError(path, issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message, source);
  }
  const rate: RateRule[] = parsed.data.rate.map(({ interval, title, ...r }) => ({
    ...r,
    id: `anomaly:${r.name}`,
    title: title ?? `Event rate of ${r.entity} above its baseline (${r.name})`,
    intervalMs: interval,
  }));
  const firstSeen: FirstSeenRule[] = parsed.data.firstSeen.map(({ lookback, title, ...r }) => ({
    ...r,
    id: `anomaly:${r.name}`,
    title: title ?? `First-seen value for ${r.entity} (${r.name})`,
    lookbackMs: lookback,
  }));
  const names = new Set<string>();
  for (const [list, rules] of [['rate', rate], ['firstSeen', firstSeen]] as const) {
    rules.forEach((rule, i) => {
      if (names.has(rule.name)) throw new AnomalyRuleError([list, i, 'name'], `"${rule.name}" is used by another anomaly rule`, source);
      names.add(rule.name);
    });
  }
  return { rate, firstSeen };
}

