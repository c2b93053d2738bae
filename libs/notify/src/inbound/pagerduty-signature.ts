import type { WebhookVerdict } from '@quell/calendar';
import { hmacSha256Hex, sameHex } from './hmac-hex';

export const PAGERDUTY_SIGNATURE_HEADER = 'x-pagerduty-signature';

export interface PagerDutyVerification {
  rawBody: Buffer | string;
  header: string | undefined;
  /** The webhook subscription's secrets (more than one while rotating). */
  secrets: readonly string[];
}

/**
 * PagerDuty webhooks v3 (developer.pagerduty.com/docs/webhooks/webhook-signatures/):
 * `X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the raw body>`, comma-separated when several
 * secrets sign it; one match is enough. The scheme carries no timestamp, so a replay is possible
 * within it: the actions it triggers (acknowledge, resolve) are idempotent, so a replay changes nothing.
 */
export function verifyPagerDutySignature(input: PagerDutyVerification): WebhookVerdict {
  const secrets = input.secrets.filter((secret) => secret.length > 0);
  if (secrets.length === 0) return reject('no-secret', 'no PagerDuty webhook secret is configured for this tenant');
  if (!input.header?.trim()) return reject('missing-header', 'the X-PagerDuty-Signature header is missing');
  const signatures = input.header.split(',').map((part) => part.trim()).filter((part) => part.startsWith('v1=')).map((part) => part.slice(3));
  if (signatures.length === 0) return reject('malformed-header', 'no v1=<hex> signature in X-PagerDuty-Signature');
  for (const secret of secrets) {
    const expected = hmacSha256Hex(secret, input.rawBody);
    const match = signatures.find((signature) => sameHex(signature, expected));
    if (match) return { ok: true, timestamp: 0, signature: match };
  }
  return reject('signature-mismatch', 'no v1 signature matches the body');
}

function reject(reason: Extract<WebhookVerdict, { ok: false }>['reason'], message: string): WebhookVerdict {
  return { ok: false, reason, message };
}
