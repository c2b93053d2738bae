import { randomBytes } from 'node:crypto';

/**
 * `prefix` plus a random suffix, so every test gets its own topic, consumer group, table or
 * Redis key prefix on the shared servers. Lowercase letters, digits and `_` only, which is valid
 * in all four (ClickHouse identifiers take no `-`).
 */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}
