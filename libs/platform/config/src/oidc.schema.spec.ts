import { baseServiceSchema } from './base-service.schema';
import { loadConfig } from './load-config';

const schema = baseServiceSchema({ serviceName: 'svc', httpPort: 8080 });
const load = (env: Record<string, string>) => loadConfig(schema, { BUS: 'memory', ...env });
const refusal = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('OIDC settings', () => {
  it('are off by default, and read lists, numbers and defaults when on', () => {
    expect(load({}).OIDC_ISSUER).toBeUndefined();
    const config = load({
      OIDC_ISSUER: 'https://sso.example.com/realms/quell',
      OIDC_CLIENT_ID: 'quell-console',
      OIDC_TENANT_CLAIM: 'quell_tenant',
      OIDC_SCOPE_CLAIM: 'realm_access.roles',
      OIDC_ADMIN_VALUES: 'quell-admin, sec-leads',
    });
    expect(config).toMatchObject({ OIDC_ADMIN_VALUES: ['quell-admin', 'sec-leads'], OIDC_ALGORITHMS: ['RS256', 'PS256', 'ES256', 'EdDSA'], OIDC_CLOCK_TOLERANCE_SECONDS: 30, OIDC_DEFAULT_SCOPE: 'read', OIDC_CONSOLE_TOKEN: 'id' });
  });

  it('refuse the boot naming each bad key, all in one message', () => {
    expect(refusal({ OIDC_ISSUER: 'http://sso.example.com' })).toBe(
      'Invalid configuration: OIDC_ISSUER: expected an https:// issuer URL (http:// only on localhost or 127.0.0.1); ' +
        'OIDC_CLIENT_ID: set OIDC_CLIENT_ID or OIDC_AUDIENCE when OIDC_ISSUER is set (a token must be checked against an audience); ' +
        'OIDC_TENANT_CLAIM: set OIDC_TENANT_CLAIM (a claim naming the tenant) or OIDC_TENANT (one fixed tenant) when OIDC_ISSUER is set',
    );
    const base = { OIDC_ISSUER: 'http://127.0.0.1:9000', OIDC_CLIENT_ID: 'c' };
    expect(refusal({ ...base, OIDC_TENANT: 'a', OIDC_TENANT_CLAIM: 'tid' })).toBe('Invalid configuration: OIDC_TENANT: set OIDC_TENANT_CLAIM or OIDC_TENANT, not both');
    expect(refusal({ ...base, OIDC_TENANT: 'a', OIDC_WRITE_VALUES: 'ops' })).toBe('Invalid configuration: OIDC_SCOPE_CLAIM: required when OIDC_ADMIN_VALUES, OIDC_WRITE_VALUES or OIDC_READ_VALUES is set');
    expect(refusal({ ...base, OIDC_TENANT: 'a', OIDC_ALGORITHMS: 'RS256,HS256' })).toMatch(/^Invalid configuration: OIDC_ALGORITHMS: expected a comma-separated list of RS256/);
    expect(refusal({ ...base, OIDC_TENANT: 'a', OIDC_DEFAULT_SCOPE: 'admin' })).toBe('Invalid configuration: OIDC_DEFAULT_SCOPE: expected one of read, none, got "admin"');
    expect(refusal({ ...base, OIDC_TENANT_CLAIM: 'a..b' })).toMatch(/^Invalid configuration: OIDC_TENANT_CLAIM: expected a claim name/);
  });
});
