import { DEFAULT_WEBHOOK_TOLERANCE_SECONDS, type WebhookVerdict } from '@quell/calendar';
import { hmacSha256Hex, sameHex } from './hmac-hex';

export const SLACK_SIGNATURE_HEADER = 'x-slack-signature';
export const SLACK_TIMESTAMP_HEADER = 'x-slack-request-timestamp';

export interface SlackVerification {
  rawBody: Buffer | string;
  signature: string | undefined;
  timestamp: string | undefined;
  /** The app's signing secrets (more than one while rotating). */
  secrets: readonly string[];
  now: number;
  toleranceSeconds?: number;
}

/**
 * Slack's scheme (docs.slack.dev/authentication/verifying-requests-from-slack): `v0=` + hex
 * HMAC-SHA256 of `v0:<X-Slack-Request-Timestamp>:<raw body>` with the signing secret; a timestamp
 * more than five minutes from now is refused as a possible replay.
 */
export function verifySlackSignature(input: SlackVerification): WebhookVerdict {
  const tolerance = input.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  const secrets = input.secrets.filter((secret) => secret.length > 0);
  if (secrets.length === 0) return reject('no-secret', 'no Slack signing secret is configured for this tenant');
  if (!input.signature || !input.timestamp) return reject('missing-header', 'X-Slack-Signature and X-Slack-Request-Timestamp are both required');
  if (!/^\d{1,12}$/.test(input.timestamp) || !/^v0=[0-9a-f]{64}$/i.test(input.signature)) {
    return reject('malformed-header', 'X-Slack-Request-Timestamp must be unix seconds and X-Slack-Signature v0=<64 hex digits>');
  }
  const skew = Math.abs(input.now / 1000 - Number(input.timestamp));
  if (skew > tolerance) return reject('timestamp-outside-tolerance', `the request timestamp is ${Math.round(skew)} s from now, more than the ${tolerance} s allowed`);
  const given = input.signature.slice(3);
  for (const secret of secrets) {
    if (sameHex(given, hmacSha256Hex(secret, `v0:${input.timestamp}:`, input.rawBody))) return { ok: true, timestamp: Number(input.timestamp), signature: given };
  }
  return reject('signature-mismatch', 'the Slack signature does not match the body and timestamp');
}

function reject(reason: Extract<WebhookVerdict, { ok: false }>['reason'], message: string): WebhookVerdict {
  return { ok: false, reason, message };
}
