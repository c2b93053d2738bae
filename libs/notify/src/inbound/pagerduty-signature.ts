import type { WebhookVerdict } from '@quell/calendar';
import { verifyBodySignature, type BodySignatureVerification } from './body-signature';

export const PAGERDUTY_SIGNATURE_HEADER = 'x-pagerduty-signature';

/**
 * PagerDuty webhooks v3 (developer.pagerduty.com/docs/webhooks/webhook-signatures/):
 * `X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the raw body>`, comma-separated when several
 * secrets sign it; one match is enough.
 */
export function verifyPagerDutySignature(input: BodySignatureVerification): WebhookVerdict {
  return verifyBodySignature('PagerDuty', 'X-PagerDuty-Signature', 'v1=', input);
}
