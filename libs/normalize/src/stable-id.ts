import { hash } from 'node:crypto';

const TIME_RANGE = 2 ** 48;

/**
 * A UUIDv7-shaped id whose 48-bit time prefix is `timeMs` and whose other bits come from a hash of
 * `seed`: time-ordered like any v7, but the same input always yields the same id, so a replayed
 * record produces the same event (and the same alert, incident, notification) instead of a twin.
 * Built from the digest's hex with string operations: ingest makes one per event, and a Hash
 * object, a Buffer and BigInt shifts cost more than the digest itself.
 */
export function stableId(timeMs: number, seed: string): string {
  const ms = Math.max(0, Math.floor(timeMs));
  if (!Number.isFinite(ms)) throw new RangeError(`stableId: time ${timeMs} is not a finite number`);
  const time = (ms % TIME_RANGE).toString(16).padStart(12, '0');
  const hex = hash('sha256', seed, 'hex');
  // Version 7 in the 13th hex digit, the RFC 4122 variant (10xx) in the 17th.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
