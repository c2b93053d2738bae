import { z as zod } from 'zod';
import { baseServiceSchema, intInRange, secret } from '@quell/platform-config';
import { apiKeyListSetting } from '@quell/platform-http';
import { timerConfigShape } from '@quell/platform-timers';
import { parseWebhookSecrets } from './imports/webhook-secrets';

export const changeCalendarConfigSchema = baseServiceSchema({ serviceName: 'change-calendar', httpPort: 8083 }).extend({
  // Durable timers: the window-close reports (scope drift, change not seen).
  ...timerConfigShape,
  CHANGE_CALENDAR_API_KEYS: apiKeyListSetting()
    .optional()
    .describe(
      'Comma-separated `tenant:name:scope:key` entries (scope read, write or admin; the key in plaintext or as `sha256:<hex>`). read: GET; write: create, update, cancel; admin: approve, reject and import. Unset: every API call is refused (401).',
    ),
  CHANGE_MAX_WINDOW_HOURS: intInRange(1, 24 * 366)
    .default(72)
    .describe('Longest window (one occurrence) a change may have, in hours; a longer one is refused with a 400.'),
  CHANGE_SEARCH_MAX_LIMIT: intInRange(1, 10_000).default(500).describe('Most changes one page of GET /v1/changes returns.'),
  CHANGE_IMPORT_MAX_BODY_BYTES: intInRange(1024, 100 * 1024 * 1024)
    .default(10 * 1024 * 1024)
    .describe('Largest ITSM export POST /v1/changes/import (and the webhook) accepts, once inflated (413 above).'),
  CHANGE_RELATED_LOOKBACK_MS: intInRange(0, 24 * 3_600_000)
    .default(4 * 3_600_000)
    .describe(
      'How far before an unsuppressed alert the changes that touched its entities are listed on it as related (details change.related.*), in ms; at most a day, the span the calendar keeps expanded behind now. 0: only changes still open when the alert fired.',
    ),
  CHANGE_SCREENING_POLICY_FILE: zod
    .string()
    .trim()
    .min(1)
    .optional()
    .describe(
      'YAML file of the screening policy: whether an alert an approved change covers is suppressed or annotated, per tenant, change kind, alert level and alert kind (format in README "Screening policy"). Read at start (a bad file stops the service, naming file, line and key), reloaded on change without a restart (a bad edit is logged, the last good policy stays). Unset: critical alerts and intel hits annotated, alerts of a change inside a freeze annotated, everything else covered suppressed.',
    ),
  CHANGE_CONFIG_EDITS_REFRESH_MS: intInRange(0, 3_600_000)
    .default(60_000)
    .describe(
      'How often config_change events are read from the event history into the per-host memory behind related changes, in ms (each replica consumes only its share of the config-changes topic; this brings in the rest, later by the history writer’s delay). 0: only at start.',
    ),
  CHANGE_RELATED_LIMIT: intInRange(1, 20).default(5).describe('Most related changes listed on one alert, closest in time (then in scope) first.'),
  CHANGE_WINDOW_CLOSE_SETTLE_MS: intInRange(0, 24 * 3_600_000)
    .default(120_000)
    .describe(
      "How long after a change window's end its report (quell.change.scope_drift, quell.change.not_seen) waits before reading the event history, in ms: the events' allowed lateness plus the history writer's delay.",
    ),
  CHANGE_WEBHOOK_SECRETS: secret()
    .superRefine((raw, ctx) => {
      try {
        parseWebhookSecrets(raw);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .optional()
    .describe('HMAC secrets of POST /v1/changes/webhook as comma-separated `tenant:secret` (two for one tenant while rotating); unset: every webhook call is refused.'),
  CHANGE_JIRA_FIELD_NAMES: zod
    .string()
    .regex(/^\s*customfield_\d+=[^,=]+(,\s*customfield_\d+=[^,=]+)*\s*$/, 'expected customfield_<id>=<name>, comma-separated')
    .transform((raw) => Object.fromEntries(raw.split(',').map((pair) => pair.split('=').map((part) => part.trim()))) as Record<string, string>)
    .optional()
    .describe('Names of the Jira custom fields a Jira webhook body carries only by id, e.g. `customfield_10041=Change start date,customfield_10042=Change completion date` (a REST export with `expand=names` needs none).'),
});
export type ChangeCalendarConfig = zod.infer<typeof changeCalendarConfigSchema>;
