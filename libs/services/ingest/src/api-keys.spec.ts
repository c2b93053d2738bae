import { ConfigError, describeConfig, loadConfig, secretKeys } from '@quell/platform-config';
import { ApiKeys } from './api-keys';
import { ingestConfigSchema } from './config';

describe('ApiKeys', () => {
  it('finds the tenant of any key in the list, and none for an unknown key', () => {
    const keys = new ApiKeys('acme:a-key, globex:g-key,acme:a-second');
    expect(keys.tenantOf('a-key')).toBe('acme');
    expect(keys.tenantOf('g-key')).toBe('globex');
    expect(keys.tenantOf('a-second')).toBe('acme');
    expect(keys.tenantOf('nope')).toBeUndefined();
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
