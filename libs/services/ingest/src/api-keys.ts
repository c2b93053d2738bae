import type { FactoryProvider } from '@nestjs/common';
import { API_KEY_STORE, ApiKeyStore, apiKeyListSetting, keyEntry, type ApiKeyEntryParser } from '@quell/platform-http';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import type { IngestConfig } from './config';

/**
 * One entry of INGEST_API_KEYS: `tenant:key`, the key in plaintext or as `sha256:<hex>` (hashed
 * either way). It becomes a key named after its tenant with the write scope: it may send that
 * tenant's events. Errors never quote the entry: it is a secret.
 */
export const ingestKeyEntry: ApiKeyEntryParser = (entry) => {
  const at = entry.indexOf(':');
  if (at <= 0 || at === entry.length - 1) throw new Error('is not tenant:key (each comma-separated entry must be tenant:key)');
  const tenant = entry.slice(0, at).trim();
  const key = entry.slice(at + 1).trim();
  if (!tenant || !key) throw new Error('has an empty tenant or key');
  return keyEntry({ name: tenant, tenant, scope: 'write' }, key);
};

/** INGEST_API_KEYS as a config field: a secret, refused at boot by entry position when malformed. */
export const ingestApiKeysSetting = () => apiKeyListSetting(ingestKeyEntry);

/** The key store of the events API, from INGEST_API_KEYS. */
export const ingestKeyStoreProvider: FactoryProvider<ApiKeyStore> = {
  provide: API_KEY_STORE,
  inject: [SERVICE_CONFIG],
  useFactory: (config: IngestConfig) => ApiKeyStore.fromList(config.INGEST_API_KEYS, ingestKeyEntry),
};
