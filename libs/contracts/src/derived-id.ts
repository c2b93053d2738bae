import { createHash } from 'node:crypto';

/**
 * A 32-hex-digit id derived from its parts (sha256 of the parts joined by NUL, first 128 bits):
 * the same inputs give the same id on every replica and replay, so a redelivered record repeats
 * its alert, incident or notification id instead of minting a twin.
 * Warning: never change this function — ids already on compacted topics and in stores depend on it.
 */
export function derivedId(...parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
