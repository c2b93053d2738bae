import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { fingerprintPolicySchema, NO_FINGERPRINT_POLICY, type FingerprintPolicy } from '@quell/dedup';

/**
 * A config value holding the fingerprint policy, inline or as a file path, parsed and validated at
 * boot: an error names the key and the path inside the policy (e.g. `rules.r1.fields.1`).
 */
export function fingerprintPolicyOption(source: 'inline' | 'file') {
  return z.string().transform((raw, ctx): FingerprintPolicy => {
    let document: unknown;
    try {
      // YAML is a superset of JSON, so one parser reads both.
      document = parseYaml(source === 'file' ? readFileSync(raw, 'utf8') : raw);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `cannot read the fingerprint policy: ${(error as Error).message}` });
      return z.NEVER;
    }
    const parsed = fingerprintPolicySchema.safeParse(document);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || '(top level)'}: ${issue.message}` });
      }
      return z.NEVER;
    }
    return parsed.data;
  });
}

/** The policy the config names (inline or in a file; the config refuses both), or none. */
export function fingerprintPolicyOf(config: { DEDUP_FINGERPRINTS?: FingerprintPolicy; DEDUP_FINGERPRINTS_FILE?: FingerprintPolicy }): FingerprintPolicy {
  return config.DEDUP_FINGERPRINTS_FILE ?? config.DEDUP_FINGERPRINTS ?? NO_FINGERPRINT_POLICY;
}
