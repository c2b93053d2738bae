import { createHash } from 'node:crypto';

/** A 32-hex-digit id derived from its parts: the same inputs give the same id on every replica and replay. */
export function derivedId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
