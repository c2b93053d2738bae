import { z } from 'zod';
import { baseServiceSchema, intInRange } from '@quell/platform-config';

export const notifierConfigSchema = baseServiceSchema({ serviceName: 'notifier', httpPort: 8086 }).extend({
  NOTIFY_WEBHOOK_URL: z.url().optional().describe('Generic webhook receiving new incidents as JSON; when unset, deliveries are only logged.'),
  NOTIFY_TIMEOUT_MS: intInRange(100, 120_000).default(5_000).describe('Timeout of one webhook call (ms).'),
});
export type NotifierConfig = z.infer<typeof notifierConfigSchema>;
