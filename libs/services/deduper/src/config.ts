import { z } from 'zod';
import { baseServiceSchema, intInRange } from '@quell/platform-config';

export const deduperConfigSchema = baseServiceSchema({ serviceName: 'deduper', httpPort: 8084 }).extend({
  DEDUP_WINDOW_MS: intInRange(1_000, 30 * 24 * 3600 * 1000)
    .default(3600 * 1000)
    .describe('How long after its last occurrence a fingerprint counts as a repeat (ms).'),
});
export type DeduperConfig = z.infer<typeof deduperConfigSchema>;
