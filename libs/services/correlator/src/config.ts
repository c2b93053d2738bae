import { z } from 'zod';
import { baseServiceSchema, intInRange } from '@quell/platform-config';

export const correlatorConfigSchema = baseServiceSchema({ serviceName: 'correlator', httpPort: 8082 }).extend({
  RULES_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('Directory of Sigma rules (detection and correlation, *.yml/*.yaml, read recursively) loaded at start; invalid files are logged with file, line and reason and skipped. Unset: only the built-in failed-authentication rule.'),
  CORRELATION_ALLOWED_LATENESS_MS: intInRange(0, 24 * 3600 * 1000)
    .default(60_000)
    .describe('How far behind the newest event time of a correlation a match may arrive and still count (ms).'),
});
export type CorrelatorConfig = z.infer<typeof correlatorConfigSchema>;
