import { formatApiKeyHash } from '@quell/platform-http';
import { RULES_KEY_TENANT, rulesKeyStore } from './rules-api-keys';

describe('RULES_API_KEYS entries', () => {
  it('are write keys (name:key) or read keys (name:key:read), plaintext or sha256:, for every tenant', () => {
    const keys = rulesKeyStore(`ops:w-key, soc:r-key:read, bot:${formatApiKeyHash('b-key')}, audit:${formatApiKeyHash('a-key')}:read`);
    expect(keys.principalOf('w-key')).toEqual({ name: 'ops', tenant: RULES_KEY_TENANT, scope: 'write' });
    expect(keys.principalOf('r-key')).toEqual({ name: 'soc', tenant: RULES_KEY_TENANT, scope: 'read' });
    expect(keys.principalOf('b-key')).toEqual({ name: 'bot', tenant: RULES_KEY_TENANT, scope: 'write' });
    expect(keys.principalOf('a-key')).toEqual({ name: 'audit', tenant: RULES_KEY_TENANT, scope: 'read' });
    expect(keys.principalOf('nope')).toBeUndefined();
  });

  it('knows no key when unset', () => {
    expect(rulesKeyStore(undefined).size).toBe(0);
  });

  it('refuses a malformed entry by position, never quoting it', () => {
    for (const [spec, position] of [
      ['ops:k1:admin', 1],
      ['ops:k1,no-colon', 2],
      ['ops:k1,soc:a:b:read', 2],
      ['ops:sha256:zz', 1],
      [':k1', 1],
    ] as const) {
      expect(() => rulesKeyStore(spec)).toThrow(new RegExp(`^entry ${position} `));
      try {
        rulesKeyStore(spec);
      } catch (error) {
        expect((error as Error).message).not.toMatch(/k1|zz|no-colon/);
      }
    }
  });
});
