import { ConfigError, describeConfig, loadConfig, secretKeys } from '@quell/platform-config';
import { ApiKeyStore, formatApiKeyHash } from '@quell/platform-http';
import { ingestKeyEntry } from './api-keys';
import { ingestConfigSchema } from './config';

describe('INGEST_API_KEYS entries', () => {
  it('finds the tenant of any key in the list (plaintext or sha256:), and none for an unknown key', () => {
    const keys = ApiKeyStore.fromList(`acme:a-key, globex:g-key,acme:a-second,initech:${formatApiKeyHash('i-key')}`, ingestKeyEntry);
    expect(keys.principalOf('a-key')?.tenant).toBe('acme');
    expect(keys.principalOf('g-key')?.tenant).toBe('globex');
    expect(keys.principalOf('a-second')?.tenant).toBe('acme');
    expect(keys.principalOf('i-key')?.tenant).toBe('initech');
    expect(keys.principalOf('nope')).toBeUndefined();
  });

  it('are write keys named after their tenant: they may send that tenant events', () => {
    expect(ApiKeyStore.fromList('acme:k:with:colons', ingestKeyEntry).principalOf('k:with:colons')).toEqual({ name: 'acme', tenant: 'acme', scope: 'write' });
  });
});

describe('INGEST_API_KEYS at boot', () => {
  function boot(value: string): ConfigError {
    try {
      loadConfig(ingestConfigSchema, { BUS: 'memory', INGEST_API_KEYS: value });
    } catch (error) {
      return error as ConfigError;
    }
    throw new Error('the configuration was accepted');
  }

  it('refuses a malformed list with the standard message naming the key and the entry, not the secret', () => {
    const error = boot('acme:good-key,justakey');
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('Invalid configuration: INGEST_API_KEYS: entry 2 is not tenant:key (each comma-separated entry must be tenant:key)');
    expect(boot('acme:').message).toMatch(/INGEST_API_KEYS: entry 1 is not tenant:key/);
    expect(boot(' , ').message).toMatch(/INGEST_API_KEYS: /);
    expect(boot('a:same,b:same').message).toBe('Invalid configuration: INGEST_API_KEYS: entry 2 reuses the key of tenant a for tenant b');
    expect(boot('a:sha256:12ab').message).toBe('Invalid configuration: INGEST_API_KEYS: entry 1 has a sha256: hash that is not 64 hexadecimal digits');
    expect(boot('acme:good-key,justakey').message).not.toMatch(/good-key|justakey/);
  });

  it('stays a secret for log redaction, described in the configuration table', () => {
    expect(secretKeys(ingestConfigSchema)).toContain('INGEST_API_KEYS');
    expect(describeConfig(ingestConfigSchema).find((info) => info.key === 'INGEST_API_KEYS')).toMatchObject({
      required: true,
      description: expect.stringMatching(/tenant:key/),
    });
  });
});
