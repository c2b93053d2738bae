import { z } from 'zod';
import { ConfigError, loadConfig, secretKeys } from '@quell/platform-config';
import { RULES_CONFIG_SHAPE, rulesCatalogOptionsFrom } from './rules-config';

const schema = z.object(RULES_CONFIG_SHAPE);

describe('RULES_CONFIG_SHAPE', () => {
  it('reads the keys with their defaults into module options', () => {
    const config = loadConfig(schema, { RULES_DIR: '/etc/quell/rules', RULES_API_KEYS: 'ops:k1,soc:k2:read' });
    expect(rulesCatalogOptionsFrom(config)).toEqual({ dir: '/etc/quell/rules', apiKeys: 'ops:k1,soc:k2:read', debounceMs: 250, pollIntervalMs: 5000, maxBodyBytes: 1048576 });
    expect(rulesCatalogOptionsFrom(loadConfig(schema, {}))).toMatchObject({ dir: '.quell-data/rules', apiKeys: undefined });
  });

  it('refuses the boot naming the key when the API keys or a number are malformed', () => {
    expect(() => loadConfig(schema, { RULES_API_KEYS: 'no-colon' })).toThrow(ConfigError);
    try {
      loadConfig(schema, { RULES_API_KEYS: 'ops:k1:admin', RULES_POLL_INTERVAL_MS: 'often' });
    } catch (error) {
      expect((error as ConfigError).issues.map((i) => i.key)).toEqual(['RULES_API_KEYS', 'RULES_POLL_INTERVAL_MS']);
    }
    expect.assertions(2);
  });

  it('marks the API keys secret so logs redact them', () => {
    expect(secretKeys(schema)).toEqual(['RULES_API_KEYS']);
  });
});
