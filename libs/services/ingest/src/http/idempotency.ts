import { hash, randomUUID } from 'node:crypto';
import { stableId } from '@quell/normalize';
import { BodyError } from '@quell/platform-http';

/** Longest `Idempotency-Key` accepted; UUIDs (36) and ULIDs (26) fit with room to spare. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 128;
/** How far from the server's clock the time inside a UUIDv7/ULID key may be and still be used. */
export const KEY_TIME_WINDOW_MS = 24 * 3600_000;
const KEY_TIME_AHEAD_MS = 5 * 60_000;

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
const UUID_V7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The ids and receive time of one request's entries. */
export interface RequestIdentity {
  receivedAt: number;
  idOf(index: number, payload: Buffer): string;
}

/**
 * The `Idempotency-Key` header, checked: visible ASCII, at most IDEMPOTENCY_KEY_MAX_LENGTH
 * characters. Undefined when absent; a 400 when unusable, so a client never believes it is
 * protected when it is not.
 */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = (Array.isArray(header) ? header.join(',') : header).trim();
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH || !VISIBLE_ASCII.test(key)) {
    throw new BodyError(400, `Idempotency-Key must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters (a UUIDv7 or ULID is best)`);
  }
  return key;
}

/**
 * Without a key, each entry gets a fresh time-ordered id. With one, the id of entry `index` derives
 * from tenant, key, index and the entry's bytes alone, so a retried request (after a timeout or a
 * 503, on any replica) yields the same ids, and the normalizer's Event ids (= raw ids) with them;
 * the same key with other content yields other ids, so nothing is mistaken for a duplicate. No
 * state is shared between replicas: the receive time comes from the key when it carries one (UUIDv7
 * or ULID created by the client for its first attempt), otherwise from the clock (then only events
 * without their own timestamp differ between attempts, in their fallback time) and the id's time
 * part is 0.
 */
export function requestIdentity(tenant: string, key: string | undefined, now: number): RequestIdentity {
  if (key === undefined) return { receivedAt: now, idOf: () => stableId(now, randomUUID()) };
  const keyTime = timeInKey(key, now);
  const prefix = `${tenant}\u0000${key}\u0000`;
  return {
    receivedAt: keyTime ?? now,
    idOf: (index, payload) => stableId(keyTime ?? 0, `${prefix}${index}\u0000${hash('sha256', payload, 'hex')}`),
  };
}

/** The creation time a UUIDv7 or ULID key carries, when it is close enough to `now` to be believed. */
export function timeInKey(key: string, now: number): number | undefined {
  const uuid = UUID_V7.exec(key);
  let time: number | undefined;
  if (uuid) time = parseInt(uuid[1] + uuid[2], 16);
  else if (ULID.test(key)) {
    time = 0;
    for (const char of key.slice(0, 10).toUpperCase()) time = time * 32 + CROCKFORD.indexOf(char);
  }
  if (time === undefined || time < now - KEY_TIME_WINDOW_MS || time > now + KEY_TIME_AHEAD_MS) return undefined;
  return time;
}
