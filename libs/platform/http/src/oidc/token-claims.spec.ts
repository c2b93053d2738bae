import type { OidcOptions } from './oidc-options';
import { isJwt } from './oidc-verifier';
import { claimAt, principalOfClaims } from './token-claims';

const options = (over: Partial<OidcOptions> = {}): OidcOptions => ({
  issuer: 'https://idp.test/realms/quell',
  audience: ['quell-console'],
  algorithms: ['RS256'],
  clockToleranceSeconds: 30,
  tenant: { claim: 'quell_tenant' },
  scopeClaim: 'realm_access.roles',
  scopeValues: { admin: ['quell-admin'], write: ['quell-responder'], read: ['quell-viewer'] },
  defaultScope: 'read',
  ...over,
});

describe('token claims → principal', () => {
  it("reads nested claims by dotted path (Keycloak's realm_access.roles), a flat namespaced claim first", () => {
    expect(claimAt({ realm_access: { roles: ['a'] } }, 'realm_access.roles')).toEqual(['a']);
    expect(claimAt({ 'https://quell.test/tenant': 'acme' }, 'https://quell.test/tenant')).toBe('acme');
    expect(claimAt({ realm_access: 'x' }, 'realm_access.roles')).toBeUndefined();
  });

  it('takes the highest scope any value maps to, a space-separated scope claim too, else the default', () => {
    expect(principalOfClaims({ sub: 's1', quell_tenant: 'acme', realm_access: { roles: ['quell-viewer', 'quell-responder'] } }, options())).toEqual({ name: 's1', tenant: 'acme', scope: 'write' });
    expect(principalOfClaims({ sub: 's1', quell_tenant: 'acme', scp: 'quell-admin offline' }, options({ scopeClaim: 'scp' })).scope).toBe('admin');
    expect(principalOfClaims({ sub: 's1', quell_tenant: 'acme' }, options()).scope).toBe('read');
    expect(() => principalOfClaims({ sub: 's1', quell_tenant: 'acme', realm_access: { roles: ['other'] } }, options({ defaultScope: 'none' }))).toThrow(
      'the token of "s1" maps to no Quell scope: its realm_access.roles claim holds none of the configured values',
    );
  });

  it('names the user preferred_username, else email, else sub; a fixed tenant needs no claim', () => {
    expect(principalOfClaims({ sub: 'u-1', email: 'e@x.test', preferred_username: 'pat' }, options({ tenant: { fixed: 'solo' } }))).toEqual({ name: 'pat', tenant: 'solo', scope: 'read' });
    expect(principalOfClaims({ sub: 'u-1', email: 'e@x.test' }, options({ tenant: { fixed: 'solo' } })).name).toBe('e@x.test');
  });

  it('refuses (403) a tenant claim that is missing or not one tenant name', () => {
    expect(() => principalOfClaims({ sub: 'u-1' }, options())).toThrow(expect.objectContaining({ status: 403, reason: expect.stringContaining('has no quell_tenant claim') }));
    expect(() => principalOfClaims({ sub: 'u-1', quell_tenant: ['acme', 'globex'] }, options())).toThrow(/quell_tenant claim that is not one tenant name/);
    expect(() => principalOfClaims({ sub: 'u-1', quell_tenant: '../acme' }, options())).toThrow(/not one tenant name/);
  });

  it('tells a JWT from an API key by its shape and header', () => {
    const header = Buffer.from('{"alg":"RS256","kid":"k"}').toString('base64url');
    expect(isJwt(`${header}.e30.c2ln`)).toBe(true);
    expect(isJwt('k-plain-api-key')).toBe(false);
    expect(isJwt('abc.def.ghi')).toBe(false);
    expect(isJwt(`${Buffer.from('{"typ":"JWT"}').toString('base64url')}.e30.c2ln`)).toBe(false);
  });
});
