import { z } from 'zod';
import { derivedId, type Alert } from '@quell/contracts';

/**
 * A field an alert's dedup fingerprint can be built from: `rule.id`, `rule.level`, `kind`,
 * `entities` (every entity as type=value), `entity.<type>` (the values of one entity type) or
 * `details.<key>` (one of the alert's details).
 */
const fieldSchema = z
  .string()
  .regex(/^(rule\.id|rule\.level|kind|entities|entity\.[a-z0-9_-]{1,40}|details\.[A-Za-z0-9_.:-]{1,100})$/, {
    message: 'expected rule.id, rule.level, kind, entities, entity.<type> or details.<key>',
  });

const fingerprintSpecSchema = z
  .object({
    fields: z.array(fieldSchema).min(1).max(20).optional().describe('What makes two alerts the same (default: rule.id and entities).'),
    ignore: z.array(fieldSchema).max(20).default([]).describe('Volatile fields left out: an entity.<type> is dropped from `entities`.'),
  })
  .strict();

/** Which fields make two alerts duplicates, per rule id, then per alert kind, then for every alert. */
export const fingerprintPolicySchema = z
  .object({
    default: fingerprintSpecSchema.optional(),
    kinds: z.record(z.string().min(1), fingerprintSpecSchema).default({}),
    rules: z.record(z.string().min(1), fingerprintSpecSchema).default({}),
  })
  .strict();
export type FingerprintPolicy = z.infer<typeof fingerprintPolicySchema>;
type FingerprintSpec = z.infer<typeof fingerprintSpecSchema>;

export const DEFAULT_FINGERPRINT_FIELDS = ['rule.id', 'entities'] as const;

/** The policy when none is configured: every alert keeps the fingerprint its producer gave it. */
export const NO_FINGERPRINT_POLICY: FingerprintPolicy = { kinds: {}, rules: {} };

function specFor(alert: Alert, policy: FingerprintPolicy): FingerprintSpec | undefined {
  return policy.rules[alert.rule.id] ?? policy.kinds[alert.kind] ?? policy.default;
}

function valuesOf(alert: Alert, field: string, ignored: ReadonlySet<string>): string[] {
  if (field === 'rule.id') return [alert.rule.id];
  if (field === 'rule.level') return [alert.rule.level];
  if (field === 'kind') return [alert.kind];
  if (field === 'entities') return alert.entities.filter((e) => !ignored.has(`entity.${e.type}`)).map((e) => `${e.type}=${e.value}`).sort();
  if (field.startsWith('entity.')) {
    const type = field.slice('entity.'.length);
    return alert.entities.filter((e) => e.type === type).map((e) => e.value).sort();
  }
  return [alert.details[field.slice('details.'.length)] ?? ''];
}

/**
 * The alert's dedup fingerprint under the policy. An alert no spec applies to keeps its own
 * fingerprint (the producer's rule id plus entity keys), so the default costs nothing. The tenant is
 * always part of it: tenants never share a window.
 */
export function dedupFingerprintOf(alert: Alert, policy: FingerprintPolicy): string {
  const spec = specFor(alert, policy);
  if (!spec) return alert.fingerprint;
  const ignored = new Set(spec.ignore);
  const fields = (spec.fields ?? DEFAULT_FINGERPRINT_FIELDS).filter((field) => !ignored.has(field));
  // Each field is named beside its values, so ["a", "b"] under one field never equals another split.
  const parts = fields.map((field) => `${field}:${JSON.stringify(valuesOf(alert, field, ignored))}`);
  return derivedId('dedup', alert.tenant, ...parts);
}
