import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header an ITSM tool sends its signature in; value `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'quell-signature';
/** How far the signed timestamp may be from now, either way (Stripe's and Slack's default: 5 minutes). */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookRejection =
  | 'missing-header'
  | 'malformed-header'
  | 'timestamp-outside-tolerance'
  | 'signature-mismatch'
  | 'no-secret';

export type WebhookVerdict =
  | { ok: true; timestamp: number; signature: string }
  | { ok: false; reason: WebhookRejection; message: string };

export interface WebhookVerification {
  /** The request body exactly as received: the signature covers the bytes, not parsed JSON. */
  rawBody: Buffer | string;
  header: string | undefined;
  /** The shared secrets; more than one while a secret is being rotated. */
  secrets: readonly string[];
  /** Now, epoch ms (injected so tests need no clock). */
  now: number;
  toleranceSeconds?: number;
}

/**
 * Stripe's scheme: HMAC-SHA256 over `<t>.<raw body>` with the shared secret, hex in `v1=`; several
 * v1 entries may be given (one per secret during rotation). The timestamp is inside the signed
 * text, so an attacker cannot refresh an old request; with the tolerance window that stops
 * replays older than it. Within the window, the caller should remember `signature` (e.g. a Redis
 * key with the tolerance as TTL) and refuse it a second time.
 */
export function verifyWebhookSignature(input: WebhookVerification): WebhookVerdict {
  const tolerance = input.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  const secrets = input.secrets.filter((s) => s.length > 0);
  if (secrets.length === 0) return reject('no-secret', 'no webhook secret is configured, so no request can be verified');
  if (!input.header?.trim()) return reject('missing-header', `the ${WEBHOOK_SIGNATURE_HEADER} header is missing`);
  const parsed = parseHeader(input.header);
  if (typeof parsed === 'string') return reject('malformed-header', parsed);
  const skew = Math.abs(input.now / 1000 - parsed.timestamp);
  if (skew > tolerance) {
    return reject('timestamp-outside-tolerance', `the signed timestamp is ${Math.round(skew)} s from now, more than the ${tolerance} s allowed (replayed or clock skew)`);
  }
  const body = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody;
  for (const secret of secrets) {
    const expected = hmac(secret, parsed.timestamp, body);
    const match = parsed.signatures.find((candidate) => timingSafeEqual(candidate, expected));
    if (match) return { ok: true, timestamp: parsed.timestamp, signature: match.toString('hex') };
  }
  return reject('signature-mismatch', 'no v1 signature matches the body and timestamp (wrong secret, or the body was altered)');
}

/** The header value for a body, as a sender computes it (for clients and tests). */
export function signWebhookPayload(rawBody: Buffer | string, secret: string, timestampSeconds: number): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return `t=${timestampSeconds},v1=${hmac(secret, timestampSeconds, body).toString('hex')}`;
}

function hmac(secret: string, timestamp: number, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** `t=` once, one or more `v1=` of 64 hex digits; other schemes (v0=…) are ignored, as Stripe does. */
function parseHeader(header: string): { timestamp: number; signatures: Buffer[] } | string {
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return `"${part.trim().slice(0, 40)}" is not key=value (expected t=<unix seconds>,v1=<hex>)`;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== null) return 't must appear once, as unix seconds';
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!HEX_SHA256.test(value)) return 'a v1 signature must be 64 hex digits (HMAC-SHA256)';
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === null) return 'no t=<unix seconds> timestamp in the header';
  if (signatures.length === 0) return 'no v1=<hex> signature in the header';
  return { timestamp, signatures };
}

function reject(reason: WebhookRejection, message: string): WebhookVerdict {
  return { ok: false, reason, message };
}
