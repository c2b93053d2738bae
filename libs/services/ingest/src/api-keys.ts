import { createHash, timingSafeEqual } from 'node:crypto';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** One `tenant:key` pair of INGEST_API_KEYS. */
export interface TenantKey {
  tenant: string;
  key: string;
}

/**
 * Reads `tenant:key,tenant:key`. Throws with a message that names the entry by position, never by
 * content, since the text is a secret (the config schema reports it against INGEST_API_KEYS).
 */
export function parseApiKeys(spec: string): TenantKey[] {
  const pairs = spec
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean);
  if (pairs.length === 0) throw new Error('expected at least one tenant:key pair');
  const seen = new Map<string, string>();
  return pairs.map((pair, index) => {
    const at = pair.indexOf(':');
    if (at <= 0 || at === pair.length - 1) throw new Error(`entry ${index + 1} is not tenant:key (each comma-separated entry must be tenant:key)`);
    const tenant = pair.slice(0, at).trim();
    const key = pair.slice(at + 1).trim();
    if (!tenant || !key) throw new Error(`entry ${index + 1} has an empty tenant or key`);
    const owner = seen.get(key);
    // One key for two tenants would make the tenant of a request depend on the order of the list.
    if (owner !== undefined && owner !== tenant) throw new Error(`entry ${index + 1} reuses the key of tenant ${owner} for tenant ${tenant}`);
    seen.set(key, tenant);
    return { tenant, key };
  });
}

/** Tenant API keys, held only as SHA-256 hashes and compared in constant time. */
export class ApiKeys {
  private readonly hashes: { tenant: string; hash: Buffer }[];

  constructor(spec: string) {
    this.hashes = parseApiKeys(spec).map(({ tenant, key }) => ({ tenant, hash: sha256(key) }));
  }

  /**
   * The tenant a key belongs to, or undefined. Every stored hash is compared, with no early stop, so
   * the time taken does not tell a caller where (or whether) its key sits in the list.
   */
  tenantOf(key: string): string | undefined {
    const hash = sha256(key);
    let tenant: string | undefined;
    for (const entry of this.hashes) {
      const equal = timingSafeEqual(entry.hash, hash);
      tenant = equal ? entry.tenant : tenant;
    }
    return tenant;
  }
}
