import { intInRange, secret } from '@quell/platform-config';
import { parseTenantSecrets, type InboundProvider } from '@quell/notify';

function tenantSecrets(description: string) {
  return secret()
    .superRefine((raw, ctx) => {
      try {
        parseTenantSecrets(raw);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .optional()
    .describe(`${description} Comma-separated \`tenant:secret\` (a tenant twice while rotating); unset: that provider's requests are refused (401).`);
}

/** The two-way sync endpoint's settings (POST /v1/inbound/{provider}?tenant=…), one secret list per provider. */
export const inboundSettings = {
  INBOUND_SLACK_SIGNING_SECRETS: tenantSecrets('Slack apps\' signing secrets for interactivity (Acknowledge / Resolve buttons).'),
  INBOUND_PAGERDUTY_SECRETS: tenantSecrets('PagerDuty webhook v3 subscriptions\' secrets.'),
  INBOUND_JIRA_SECRETS: tenantSecrets('Jira admin webhooks\' secrets (X-Hub-Signature), or a relay\'s for X-Quell-Signature.'),
  INBOUND_SERVICENOW_SECRETS: tenantSecrets('Secrets a ServiceNow business rule signs X-Quell-Signature with.'),
  INBOUND_MAX_BODY_BYTES: intInRange(1024, 1024 * 1024).default(64 * 1024).describe('Largest inbound sync request body (bytes); larger is a 413.'),
  // At least Slack's and X-Quell-Signature's five minutes of timestamp tolerance, or a replay inside it would pass.
  INBOUND_REPLAY_TTL_MS: intInRange(10 * 60_000, 90 * 24 * 3600 * 1000)
    .default(7 * 24 * 3600 * 1000)
    .describe('How long a verified inbound delivery is remembered by its signature (ms): the same request again is answered 200 and does nothing. PagerDuty and Jira sign no timestamp, so a replay older than this is not recognised.'),
};

export interface InboundSettings {
  INBOUND_SLACK_SIGNING_SECRETS?: string;
  INBOUND_PAGERDUTY_SECRETS?: string;
  INBOUND_JIRA_SECRETS?: string;
  INBOUND_SERVICENOW_SECRETS?: string;
  INBOUND_MAX_BODY_BYTES: number;
  INBOUND_REPLAY_TTL_MS: number;
}

/** Each provider's secrets by tenant, read once at start (the schema has already validated them). */
export function inboundSecrets(config: InboundSettings): Record<InboundProvider, Map<string, string[]>> {
  return {
    slack: parseTenantSecrets(config.INBOUND_SLACK_SIGNING_SECRETS),
    pagerduty: parseTenantSecrets(config.INBOUND_PAGERDUTY_SECRETS),
    jira: parseTenantSecrets(config.INBOUND_JIRA_SECRETS),
    servicenow: parseTenantSecrets(config.INBOUND_SERVICENOW_SECRETS),
  };
}
