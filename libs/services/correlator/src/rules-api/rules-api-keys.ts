import type { FactoryProvider } from '@nestjs/common';
import { API_KEY_STORE, ApiKeyStore, apiKeyListSetting, keyEntry, type ApiKeyEntryParser } from '@quell/platform-http';

/**
 * The tenant of rules API keys: the rule catalog is one for every tenant, so its keys act for all of
 * them rather than for one.
 */
export const RULES_KEY_TENANT = '*';

/**
 * One entry of RULES_API_KEYS: `name:key` (may read and change rules: the write scope) or
 * `name:key:read` (may only read and validate), the key in plaintext or as `sha256:<hex>`.
 * Errors never quote the entry: it is a secret.
 */
export const rulesKeyEntry: ApiKeyEntryParser = (entry) => {
  const parts = entry.split(':');
  // A pre-hashed key carries its own colon: `name:sha256:<hex>[:read]`.
  const hashed = parts[1]?.toLowerCase() === 'sha256' && parts.length >= 3;
  const [name, key, role = 'write'] = hashed ? [parts[0], `${parts[1]}:${parts[2]}`, ...parts.slice(3)] : parts;
  const fields = hashed ? parts.length - 1 : parts.length;
  if (fields < 2 || fields > 3 || !name || !key || (role !== 'read' && role !== 'write')) {
    throw new Error('must be name:key or name:key:read (keys may not contain ":" or ",")');
  }
  return keyEntry({ name, tenant: RULES_KEY_TENANT, scope: role }, key);
};

/** RULES_API_KEYS as a config field: a secret, refused at boot by entry position when malformed. */
export const rulesApiKeysSetting = () => apiKeyListSetting(rulesKeyEntry);

/** The key store of the rules API (and the detectors' status), from RULES_API_KEYS; none set: every call gets 401. */
export function rulesKeyStore(spec: string | undefined): ApiKeyStore {
  return ApiKeyStore.fromList(spec, rulesKeyEntry);
}

export const rulesKeyStoreProvider = (spec: string | undefined): FactoryProvider<ApiKeyStore> => ({
  provide: API_KEY_STORE,
  useFactory: () => rulesKeyStore(spec),
});

/** How the rules API (and the detectors' status) words a refused key. */
export const RULES_KEY_READ = { unauthorized: 'a valid rules API key is required: Authorization: Bearer <key>' };
// The catalog is every tenant's: a signed-in (OIDC) user changes it only with admin, a tenant's write is not enough.
export const RULES_KEY_WRITE = { ...RULES_KEY_READ, forbidden: 'may only read rules', tokenScope: 'admin' as const };
