import { ConfigError, loadConfig, secretKeys } from '@quell/platform-config';
import { z } from 'zod';
import { parseApiKeyList, parseQuellKeyEntry } from './api-key-entry';
import { scopeGrants } from './api-key-scope';
import { apiKeyListSetting } from './api-key-setting';
import { ApiKeyStore, bearerKeyOf } from './api-key-store';
import { formatApiKeyHash, hashApiKey } from './key-hash';

describe('scopes', () => {
  it('admin implies write implies read, never the other way', () => {
    expect(scopeGrants('admin', 'write')).toBe(true);
    expect(scopeGrants('admin', 'read')).toBe(true);
    expect(scopeGrants('write', 'read')).toBe(true);
    expect(scopeGrants('read', 'read')).toBe(true);
    expect(scopeGrants('read', 'write')).toBe(false);
    expect(scopeGrants('write', 'admin')).toBe(false);
  });
});

describe('key hashes', () => {
  it('formats a key as sha256:<hex> of its UTF-8 bytes', () => {
    expect(formatApiKeyHash('test')).toBe('sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08');
    expect(hashApiKey('test').toString('hex')).toBe('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08');
  });
});

describe('Quell key lists (tenant:name:scope:key)', () => {
  it('reads plaintext and pre-hashed keys into principals, holding only hashes', () => {
    const entries = parseApiKeyList(`acme:shipper:write:plain:with:colons, globex:soc:read:${formatApiKeyHash('g-key').toUpperCase().replace('SHA256', 'sha256')}`);
    expect(entries.map(({ hash: _hash, ...principal }) => principal)).toEqual([
      { tenant: 'acme', name: 'shipper', scope: 'write' },
      { tenant: 'globex', name: 'soc', scope: 'read' },
    ]);
    expect(entries[0].hash).toEqual(hashApiKey('plain:with:colons'));
    expect(entries[1].hash).toEqual(hashApiKey('g-key'));
    expect(JSON.stringify(entries)).not.toMatch(/plain|g-key/);
  });

  it('names a bad entry by position, never by content', () => {
    const refusal = (spec: string) => {
      try {
        parseApiKeyList(spec);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refusal('acme:a:write:secret-one,acme:b:owner:secret-two')).toBe('entry 2 has a scope that is not read, write or admin');
    expect(refusal('acme:a:write:secret-one,acme:secret-two')).toBe('entry 2 is not tenant:name:scope:key');
    expect(refusal('acme:a:write:sha256:abc')).toBe('entry 1 has a sha256: hash that is not 64 hexadecimal digits');
    expect(refusal('ac me:a:write:secret')).toMatch(/^entry 1 has a tenant or name/);
    expect(refusal(' , ')).toBe('expected at least one key entry');
    expect(refusal('a:x:write:same,b:y:write:same')).toBe('entry 2 reuses the key of tenant a for tenant b');
    expect(refusal(`a:x:write:same,a:y:read:${formatApiKeyHash('same')}`)).toBe("entry 2 reuses an earlier entry's key with another scope");
    expect(refusal('acme:a:write:secret-one,acme:b:owner:secret-two')).not.toMatch(/secret/);
  });

  it('as a config setting: a secret that refuses the boot naming the variable and the entry', () => {
    const schema = z.object({ API_KEYS: apiKeyListSetting() });
    expect(secretKeys(schema)).toEqual(['API_KEYS']);
    expect(() => loadConfig(schema, { API_KEYS: 'acme:a:write:hunter2,acme:b:write' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { API_KEYS: 'acme:a:write:hunter2,acme:b:write' })).toThrow(/^Invalid configuration: API_KEYS: entry 2 is not tenant:name:scope:key$/);
    expect(loadConfig(schema, { API_KEYS: 'acme:a:write:hunter2' }).API_KEYS).toBe('acme:a:write:hunter2');
  });
});

describe('ApiKeyStore', () => {
  const store = ApiKeyStore.fromList(`acme:shipper:write:a-key, globex:soc:read:${formatApiKeyHash('g-key')}, acme:ops:admin:o-key`);

  it('finds the principal of any key in the list, and none for an unknown key', () => {
    expect(store.size).toBe(3);
    expect(store.principalOf('a-key')).toEqual({ tenant: 'acme', name: 'shipper', scope: 'write' });
    expect(store.principalOf('g-key')).toEqual({ tenant: 'globex', name: 'soc', scope: 'read' });
    expect(store.principalOf('o-key')).toEqual({ tenant: 'acme', name: 'ops', scope: 'admin' });
    expect(store.principalOf('nope')).toBeUndefined();
    expect(store.principalOf(formatApiKeyHash('g-key'))).toBeUndefined();
  });

  it('reads bearer keys only', () => {
    expect(store.principalOfHeader('Bearer a-key')?.name).toBe('shipper');
    expect(store.principalOfHeader('bearer   a-key  ')?.name).toBe('shipper');
    expect(store.principalOfHeader('Basic a-key')).toBeUndefined();
    expect(store.principalOfHeader(undefined)).toBeUndefined();
    expect(bearerKeyOf('Bearer a b')).toBeUndefined();
  });

  it('compares the key with every entry, wherever it matches', () => {
    const crypto = jest.requireActual('node:crypto');
    const compare = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      store.principalOf('a-key');
      expect(compare).toHaveBeenCalledTimes(3);
      compare.mockClear();
      store.principalOf('unknown');
      expect(compare).toHaveBeenCalledTimes(3);
    } finally {
      compare.mockRestore();
    }
  });

  it('knows no key when the list is empty or missing', () => {
    expect(ApiKeyStore.fromList(undefined).principalOf('')).toBeUndefined();
    expect(ApiKeyStore.fromList('  ').size).toBe(0);
  });

  it('takes entries from another format through its parser', () => {
    const legacy = ApiKeyStore.fromList('acme:k', (entry) => parseQuellKeyEntry(`${entry.split(':')[0]}:legacy:write:${entry.split(':')[1]}`));
    expect(legacy.principalOf('k')).toEqual({ tenant: 'acme', name: 'legacy', scope: 'write' });
  });
});
