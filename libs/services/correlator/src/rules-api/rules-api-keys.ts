import { createHash, timingSafeEqual } from 'node:crypto';

export type RulesApiRole = 'read' | 'write';

export interface RulesApiCaller {
  name: string;
  role: RulesApiRole;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Keys of the rules API from `RULES_API_KEYS`: comma-separated `name:key` (may read and change
 * rules) or `name:key:read` (may only read and validate). Held only as SHA-256 hashes and compared
 * in constant time against every entry, so neither a key nor how many entries match leaks by timing.
 */
export class RulesApiKeys {
  private readonly entries: { caller: RulesApiCaller; hash: Buffer }[];

  constructor(spec: string | undefined) {
    this.entries = (spec ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map(parseEntry);
  }

  /** Whether any key is configured; without one the API refuses every request. */
  get enabled(): boolean {
    return this.entries.length > 0;
  }

  /** The caller of an `Authorization: Bearer <key>` header, or undefined (no header, another scheme, an unknown key). */
  callerOfHeader(authorization: string | undefined): RulesApiCaller | undefined {
    const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    return key ? this.callerOf(key) : undefined;
  }

  callerOf(key: string): RulesApiCaller | undefined {
    const hash = sha256(key);
    let found: RulesApiCaller | undefined;
    for (const entry of this.entries) if (timingSafeEqual(entry.hash, hash) && !found) found = entry.caller;
    return found;
  }
}

function parseEntry(entry: string): { caller: RulesApiCaller; hash: Buffer } {
  const parts = entry.split(':');
  const role = parts.length === 3 ? parts[2] : 'write';
  if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1] || (role !== 'read' && role !== 'write')) {
    throw new Error('RULES_API_KEYS: each entry must be name:key or name:key:read (keys may not contain ":" or ",")');
  }
  return { caller: { name: parts[0], role }, hash: sha256(parts[1]) };
}
