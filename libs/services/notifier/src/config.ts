import { z } from 'zod';
import { baseServiceSchema, intInRange } from '@quell/platform-config';
import { timerConfigShape } from '@quell/platform-timers';

/** `"30000, 120000"` → [30000, 120000]: each a whole number of ms up to a day. */
function delayList() {
  return z.string().transform((raw, ctx) => {
    const items = raw.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
    const bad = items.filter((item) => !/^\d+$/.test(item) || Number(item) > 86_400_000);
    if (bad.length > 0 || items.length > 20) {
      ctx.addIssue({ code: 'custom', message: `expected up to 20 comma-separated delays in ms (0 to 86400000), got ${JSON.stringify(raw)}` });
      return z.NEVER;
    }
    return items.map(Number);
  });
}

export const notifierConfigSchema = baseServiceSchema({ serviceName: 'notifier', httpPort: 8086 })
  .extend({
    NOTIFY_WEBHOOK_URL: z.url().optional().describe('Generic webhook receiving new incidents as JSON; when unset, deliveries are only logged.'),
    NOTIFY_TIMEOUT_MS: intInRange(100, 120_000).default(5_000).describe('Timeout of one webhook call (ms).'),
    NOTIFY_RETRY_DELAYS_MS: delayList()
      .default([30_000, 120_000, 600_000])
      .describe('Delays (ms, comma-separated) of the retries of a failed webhook call, as durable timers that hold no partition; after the last the incident goes to the dead-letter topic with the reason.'),
    NOTIFY_DELIVERY_LOG_TTL_MS: intInRange(3600 * 1000, 365 * 24 * 3600 * 1000)
      .default(30 * 24 * 3600 * 1000)
      .describe('How long a delivered notification is remembered (ms), so a replayed incident record is not delivered again.'),
    ...timerConfigShape,
  })
  // A lease shorter than a webhook call would hand the retry to another replica while it still runs.
  .refine((config) => config.TIMER_LEASE_MS > config.NOTIFY_TIMEOUT_MS, {
    path: ['TIMER_LEASE_MS'],
    message: 'must exceed NOTIFY_TIMEOUT_MS (a retry still running would fire again elsewhere)',
    when: () => true,
  });
export type NotifierConfig = z.infer<typeof notifierConfigSchema>;
