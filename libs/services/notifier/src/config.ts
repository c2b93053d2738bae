import { z } from 'zod';
import { baseServiceSchema, boolFromString, intInRange } from '@quell/platform-config';
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
    NOTIFY_ROUTES_FILE: z
      .string()
      .min(1)
      .optional()
      .describe('Routing file (YAML: channels, routes, quiet hours, escalation; README "Notification routing"), reloaded without restart. Unset: only NOTIFY_WEBHOOK_URL, for opened incidents.'),
    NOTIFY_WEBHOOK_URL: z.url().optional().describe('Without NOTIFY_ROUTES_FILE: a generic webhook receiving each opened incident as JSON (unsigned); when both are unset, nothing is sent.'),
    NOTIFY_SERVICE_CATALOG_FILE: z.string().min(1).optional().describe('Service catalog (the incident-manager\'s format) whose service teams routes match on with `team`; reloaded without restart.'),
    NOTIFY_INCIDENT_URL_TEMPLATE: z
      .string()
      .min(1)
      .default('http://localhost:8080/')
      .describe('Link to an incident in messages: a URL with {id}, or the console\'s base URL, to which its route #/incidents/<id> is added.'),
    NOTIFY_TIMEOUT_MS: intInRange(100, 120_000).default(5_000).describe('Timeout of one call to a channel (ms).'),
    NOTIFY_RETRY_DELAYS_MS: delayList()
      .default([30_000, 120_000, 600_000])
      .describe('Delays (ms, comma-separated) of the retries of a failed send, as durable timers that hold no partition; after the last, the dead-letter topic and a failed outcome.'),
    NOTIFY_RETRY_JITTER: z.coerce.number().min(0).max(1).default(0.2).describe('Each retry waits its delay stretched by up to this share (0.2: 100–120 %), so failures do not retry in step.'),
    NOTIFY_MAX_RETRY_AFTER_MS: intInRange(0, 86_400_000).default(3_600_000).describe('The longest Retry-After (429, 503) a channel is obeyed for (ms).'),
    NOTIFY_RATE_LIMITED_DEADLINE_MS: intInRange(0, 7 * 86_400_000)
      .default(3_600_000)
      .describe('How long after a channel first asks to wait (429, or Retry-After) such waits spend no retry attempt (ms); later ones count as failed attempts. 0: every one counts.'),
    NOTIFY_MAX_TRANSITION_AGE_MS: intInRange(60_000, 365 * 24 * 3600 * 1000)
      .default(24 * 3600 * 1000)
      .describe('A transition whose timeline entry is older than this (ms) is not notified, only logged: replaying the incidents topic (a new consumer group, history older than the delivery log) pages nobody for the past.'),
    NOTIFY_DELIVERY_LOG_TTL_MS: intInRange(3600 * 1000, 365 * 24 * 3600 * 1000)
      .default(30 * 24 * 3600 * 1000)
      .describe('How long a transition and its deliveries are remembered (ms), so a replayed incident record notifies nothing again.'),
    NOTIFY_DELIVERY_LOG_CLICKHOUSE: boolFromString()
      .default(true)
      .describe('Write every attempt to the ClickHouse delivery log (quell_deliveries, batched); false writes none and leaves ClickHouse out of a separate notifier process.'),
    ...timerConfigShape,
  })
  // A lease shorter than a webhook call would hand the retry to another replica while it still runs.
  .refine((config) => config.NOTIFY_DELIVERY_LOG_TTL_MS > config.NOTIFY_MAX_TRANSITION_AGE_MS, {
    path: ['NOTIFY_DELIVERY_LOG_TTL_MS'],
    message: 'must exceed NOTIFY_MAX_TRANSITION_AGE_MS (a replayed transition the log forgot would be sent again)',
    when: () => true,
  })
  .refine((config) => config.TIMER_LEASE_MS > config.NOTIFY_TIMEOUT_MS, {
    path: ['TIMER_LEASE_MS'],
    message: 'must exceed NOTIFY_TIMEOUT_MS (a retry still running would fire again elsewhere)',
    when: () => true,
  });
export type NotifierConfig = z.infer<typeof notifierConfigSchema>;
