import type { WebhookVerdict } from '@quell/calendar';
import { hmacSha256Hex, sameHex } from './hmac-hex';

export interface BodySignatureVerification {
  rawBody: Buffer | string;
  header: string | undefined;
  /** The secrets (more than one while rotating). */
  secrets: readonly string[];
}

/**
 * A header of comma-separated `<prefix><hex HMAC-SHA256 of the raw body>` signatures, one match
 * enough: PagerDuty's `v1=`, Jira's (WebSub) `sha256=`. Such schemes sign no timestamp, so a replay
 * passes here: the incident-manager remembers the matched signature to give it no second effect.
 */
export function verifyBodySignature(provider: string, headerName: string, prefix: string, input: BodySignatureVerification): WebhookVerdict {
  const secrets = input.secrets.filter((secret) => secret.length > 0);
  if (secrets.length === 0) return reject('no-secret', `no ${provider} webhook secret is configured for this tenant`);
  if (!input.header?.trim()) return reject('missing-header', `the ${headerName} header is missing`);
  const signatures = input.header.split(',').map((part) => part.trim()).filter((part) => part.startsWith(prefix)).map((part) => part.slice(prefix.length));
  if (signatures.length === 0) return reject('malformed-header', `no ${prefix}<hex> signature in ${headerName}`);
  for (const secret of secrets) {
    const expected = hmacSha256Hex(secret, input.rawBody);
    const match = signatures.find((signature) => sameHex(signature, expected));
    if (match) return { ok: true, timestamp: 0, signature: match };
  }
  return reject('signature-mismatch', `no ${prefix} signature matches the body`);
}

function reject(reason: Extract<WebhookVerdict, { ok: false }>['reason'], message: string): WebhookVerdict {
  return { ok: false, reason, message };
}
