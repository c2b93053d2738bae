import { z } from 'zod';
import { baseServiceSchema, intInRange } from '@quell/platform-config';
import { MAX_REMEMBERED_IDS } from '@quell/dedup';
import { fingerprintPolicyOption } from './fingerprint-policy-config';

export const deduperConfigSchema = baseServiceSchema({ serviceName: 'deduper', httpPort: 8084 })
  .extend({
    DEDUP_WINDOW_MS: intInRange(1_000, 30 * 24 * 3600 * 1000)
      .default(3600 * 1000)
      .describe('A repeat folds into its fingerprint\'s open alert when it comes at most this long (event time, ms) after the previous occurrence.'),
    DEDUP_FLAP_RETURNS: intInRange(0, 1_000)
      .default(3)
      .describe('A fingerprint whose window closes and opens again more than this many times within DEDUP_FLAP_WINDOW_MS is flapping (0: never).'),
    DEDUP_FLAP_WINDOW_MS: intInRange(1_000, 30 * 24 * 3600 * 1000)
      .default(6 * 3600 * 1000)
      .describe('The span over which returns are counted for flapping, and the quiet time that ends a flapping episode (ms).'),
    DEDUP_FINGERPRINTS: fingerprintPolicyOption('inline')
      .optional()
      .describe('Fingerprint fields per rule id, alert kind or for all alerts, as JSON or YAML (see the deduper README); default: rule id plus entity keys.'),
    DEDUP_FINGERPRINTS_FILE: fingerprintPolicyOption('file')
      .optional()
      .describe('A YAML or JSON file holding the fingerprint policy (instead of DEDUP_FINGERPRINTS).'),
  })
  .refine((config) => !(config.DEDUP_FINGERPRINTS && config.DEDUP_FINGERPRINTS_FILE), {
    path: ['DEDUP_FINGERPRINTS_FILE'],
    message: 'set either DEDUP_FINGERPRINTS or DEDUP_FINGERPRINTS_FILE, not both',
    when: () => true,
  })
  // A window remembers its latest MAX_REMEMBERED_IDS alert ids: a redelivered batch larger than that would be counted again.
  .refine((config) => config.BATCH_MAX_RECORDS <= MAX_REMEMBERED_IDS, {
    path: ['BATCH_MAX_RECORDS'],
    message: `must be at most ${MAX_REMEMBERED_IDS} for the deduper (a redelivered batch must be recognised whole)`,
    when: () => true,
  });
export type DeduperConfig = z.infer<typeof deduperConfigSchema>;
