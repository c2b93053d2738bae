import { isApiKeyScope, type ApiKeyScope } from './api-key-scope';
import { credentialHash, isMalformedHash } from './key-hash';

/** Who a key speaks for: never the key itself. */
export interface ApiKeyPrincipal {
  /** A label for messages and logs (the key's name, or its tenant when it has none). */
  name: string;
  tenant: string;
  scope: ApiKeyScope;
}

/** A configured key: its principal and the SHA-256 of the key. */
export interface ApiKeyEntry extends ApiKeyPrincipal {
  hash: Buffer;
}

/** Reads one comma-separated entry of a key list; throws with a message that never quotes the entry. */
export type ApiKeyEntryParser = (entry: string) => ApiKeyEntry;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Quell's key format: `tenant:name:scope:key`, where key is the plaintext key (hashed at load) or
 * `sha256:<64 hex>` (see `quell keys hash`), e.g. `acme:shipper-eu:write:sha256:9f86…`. The key
 * comes last so that a plaintext key may contain ":".
 */
export const parseQuellKeyEntry: ApiKeyEntryParser = (entry) => {
  const [tenant, name, scope, ...rest] = entry.split(':');
  const credential = rest.join(':');
  if (rest.length === 0 || !tenant || !name || !scope || !credential) throw new Error('is not tenant:name:scope:key');
  if (!NAME.test(tenant) || !NAME.test(name)) throw new Error('has a tenant or name that is not letters, digits, ".", "_" or "-"');
  if (!isApiKeyScope(scope)) throw new Error('has a scope that is not read, write or admin');
  return keyEntry({ tenant, name, scope }, credential);
};

/** An entry from its principal and credential (plaintext or `sha256:<hex>`). */
export function keyEntry(principal: ApiKeyPrincipal, credential: string): ApiKeyEntry {
  if (isMalformedHash(credential)) throw new Error('has a sha256: hash that is not 64 hexadecimal digits');
  return { ...principal, hash: credentialHash(credential) };
}

/**
 * Reads a comma-separated key list with one entry parser. Errors name the entry by position, never by
 * content, since the text is a secret (a config schema reports them against its variable).
 */
export function parseApiKeyList(spec: string, parseEntry: ApiKeyEntryParser = parseQuellKeyEntry): ApiKeyEntry[] {
  const texts = spec
    .split(',')
    .map((text) => text.trim())
    .filter(Boolean);
  if (texts.length === 0) throw new Error('expected at least one key entry');
  const byHash = new Map<string, ApiKeyEntry>();
  return texts.map((text, index) => {
    let entry: ApiKeyEntry;
    try {
      entry = parseEntry(text);
    } catch (error) {
      throw new Error(`entry ${index + 1} ${(error as Error).message}`);
    }
    const earlier = byHash.get(entry.hash.toString('hex'));
    // One key for two tenants (or two scopes) would make who a request is depend on the list's order.
    if (earlier && earlier.tenant !== entry.tenant) throw new Error(`entry ${index + 1} reuses the key of tenant ${earlier.tenant} for tenant ${entry.tenant}`);
    if (earlier && earlier.scope !== entry.scope) throw new Error(`entry ${index + 1} reuses an earlier entry's key with another scope`);
    byHash.set(entry.hash.toString('hex'), entry);
    return entry;
  });
}
