import { timingSafeEqual } from 'node:crypto';
import { parseApiKeyList, parseQuellKeyEntry, type ApiKeyEntry, type ApiKeyEntryParser, type ApiKeyPrincipal } from './api-key-entry';
import { hashApiKey } from './key-hash';

/** Port token of the key store a module's HTTP surface authenticates with (see ApiKeyGuard). */
export const API_KEY_STORE = Symbol('API_KEY_STORE');

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The key of an `Authorization: Bearer <key>` header, or undefined (no header, another scheme). */
export function bearerKeyOf(authorization: string | undefined): string | undefined {
  return BEARER.exec(authorization ?? '')?.[1];
}

/**
 * API keys held only as SHA-256 hashes. A lookup hashes the key and compares it with every entry in
 * constant time, with no early stop, so the time taken tells a caller neither where its key sits in
 * the list nor whether it is there.
 */
export class ApiKeyStore {
  private readonly entries: readonly ApiKeyEntry[];

  constructor(entries: readonly ApiKeyEntry[]) {
    this.entries = entries.map((entry) => ({ ...entry, hash: Buffer.from(entry.hash) }));
  }

  /** A store from a key list (`parseApiKeyList`); an empty or missing list gives a store that knows no key. */
  static fromList(spec: string | undefined, parseEntry: ApiKeyEntryParser = parseQuellKeyEntry): ApiKeyStore {
    return new ApiKeyStore(spec?.trim() ? parseApiKeyList(spec, parseEntry) : []);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Who a key belongs to, or undefined. */
  principalOf(key: string): ApiKeyPrincipal | undefined {
    const hash = hashApiKey(key);
    let found: ApiKeyEntry | undefined;
    for (const entry of this.entries) {
      const equal = timingSafeEqual(entry.hash, hash);
      found = equal && !found ? entry : found;
    }
    return found && { name: found.name, tenant: found.tenant, scope: found.scope };
  }

  /** Who an `Authorization` header's bearer key belongs to, or undefined. */
  principalOfHeader(authorization: string | undefined): ApiKeyPrincipal | undefined {
    const key = bearerKeyOf(authorization);
    return key === undefined ? undefined : this.principalOf(key);
  }
}
