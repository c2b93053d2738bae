import { verifyWebhookSignature, type WebhookVerdict } from '@quell/calendar';
import { verifyBodySignature } from './body-signature';
import type { InboundParse } from './inbound-action';
import { PAGERDUTY_SIGNATURE_HEADER, verifyPagerDutySignature } from './pagerduty-signature';
import { parsePagerDutyWebhook } from './pagerduty-webhook';
import { parseSlackInteraction } from './slack-interaction';
import { SLACK_SIGNATURE_HEADER, SLACK_TIMESTAMP_HEADER, verifySlackSignature } from './slack-signature';
import { parseJiraWebhook, parseServiceNowWebhook } from './ticket-webhook';

export const INBOUND_PROVIDERS = ['slack', 'pagerduty', 'jira', 'servicenow'] as const;
export type InboundProvider = (typeof INBOUND_PROVIDERS)[number];

/** Jira and ServiceNow sign with Quell's own scheme: `t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as the change calendar's webhook. */
export const QUELL_INBOUND_SIGNATURE_HEADER = 'x-quell-signature';
/**
 * A Jira Cloud admin webhook registered with a secret signs `X-Hub-Signature: sha256=<hex HMAC-SHA256
 * of the body>` (developer.atlassian.com/cloud/jira/platform/webhooks/, "Secure admin webhooks").
 */
export const JIRA_HUB_SIGNATURE_HEADER = 'x-hub-signature';

export interface InboundRequest {
  rawBody: Buffer;
  /** Lower-case names, as node gives them. */
  headers: Record<string, string | string[] | undefined>;
}

/** Checks the provider's documented signature over the raw body with the tenant's secrets. */
export function verifyInbound(provider: InboundProvider, request: InboundRequest, secrets: readonly string[], now: number): WebhookVerdict {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  switch (provider) {
    case 'slack':
      return verifySlackSignature({ rawBody: request.rawBody, signature: header(SLACK_SIGNATURE_HEADER), timestamp: header(SLACK_TIMESTAMP_HEADER), secrets, now });
    case 'pagerduty':
      return verifyPagerDutySignature({ rawBody: request.rawBody, header: header(PAGERDUTY_SIGNATURE_HEADER), secrets });
    case 'jira':
      // Jira's own signature when a Jira admin webhook calls directly; else a relay's X-Quell-Signature.
      if (header(JIRA_HUB_SIGNATURE_HEADER) !== undefined) return verifyBodySignature('Jira', 'X-Hub-Signature', 'sha256=', { rawBody: request.rawBody, header: header(JIRA_HUB_SIGNATURE_HEADER), secrets });
      return verifyWebhookSignature({ rawBody: request.rawBody, header: header(QUELL_INBOUND_SIGNATURE_HEADER), secrets, now });
    default:
      return verifyWebhookSignature({ rawBody: request.rawBody, header: header(QUELL_INBOUND_SIGNATURE_HEADER), secrets, now });
  }
}

/** What a verified body asks; throws InboundPayloadError when it cannot be read or names no incident. */
export function parseInbound(provider: InboundProvider, rawBody: Buffer): InboundParse {
  const text = rawBody.toString('utf8');
  const parsers: Record<InboundProvider, (body: string) => InboundParse> = {
    slack: parseSlackInteraction, pagerduty: parsePagerDutyWebhook, jira: parseJiraWebhook, servicenow: parseServiceNowWebhook,
  };
  return parsers[provider](text);
}
