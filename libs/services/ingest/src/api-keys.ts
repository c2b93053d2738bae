import { createHash, timingSafeEqual } from 'node:crypto';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Tenant API keys, held only as SHA-256 hashes and compared in constant time. */
export class ApiKeys {
  private readonly hashes: { tenant: string; hash: Buffer }[];

  constructor(spec: string) {
    this.hashes = spec
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf(':');
        if (at <= 0 || at === pair.length - 1) throw new Error('INGEST_API_KEYS: each entry must be tenant:key');
        return { tenant: pair.slice(0, at), hash: sha256(pair.slice(at + 1)) };
      });
  }

  /** The tenant a key belongs to, or undefined. */
  tenantOf(key: string): string | undefined {
    const hash = sha256(key);
    return this.hashes.find((entry) => timingSafeEqual(entry.hash, hash))?.tenant;
  }
}
