import { createHash } from 'node:crypto';

/**
 * A UUIDv7-shaped id whose 48-bit time prefix is `timeMs` and whose other bits come from a hash of
 * `seed`: time-ordered like any v7, but the same input always yields the same id, so a replayed
 * record produces the same event (and the same alert, incident, notification) instead of a twin.
 */
export function stableId(timeMs: number, seed: string): string {
  const bytes = createHash('sha256').update(seed).digest().subarray(0, 16);
  const ms = BigInt(Math.max(0, Math.floor(timeMs)));
  for (let i = 0; i < 6; i += 1) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6] & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
