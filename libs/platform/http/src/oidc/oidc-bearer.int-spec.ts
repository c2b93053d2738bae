import { Controller, Get, Module, Post, Put, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TestOidcProvider, TEST_OIDC_AUDIENCE } from '@quell/platform-testing';
import type { ApiKeyPrincipal } from '../api-keys/api-key-entry';
import { API_KEY_STORE, ApiKeyStore } from '../api-keys/api-key-store';
import { Principal } from '../auth/principal.decorators';
import { RequireScope } from '../auth/require-scope.decorator';
import { HttpApiModule } from '../http-api.module';
import type { OidcOptions } from './oidc-options';
import { OIDC_VERIFIER, OidcVerifier } from './oidc-verifier';

@Controller('v1/who')
class WhoController {
  @Get()
  @RequireScope('read')
  read(@Principal() who: ApiKeyPrincipal) {
    return who;
  }

  @Post()
  @RequireScope('admin')
  admin(@Principal() who: ApiKeyPrincipal) {
    return who;
  }

  /** Like the rule catalog: every tenant's, so a key's write is enough, a token's is not. */
  @Put()
  @RequireScope('write', { tokenScope: 'admin' })
  shared(@Principal() who: ApiKeyPrincipal) {
    return who;
  }
}

const API_KEY = 'k-plain-api-key-0123456789';

async function startApp(verifier: OidcVerifier): Promise<{ app: INestApplication; url: string }> {
  @Module({
    imports: [HttpApiModule],
    controllers: [WhoController],
    providers: [
      { provide: API_KEY_STORE, useValue: ApiKeyStore.fromList(`globex:shipper:write:${API_KEY}`) },
      { provide: OIDC_VERIFIER, useValue: verifier },
    ],
  })
  class WhoModule {}
  const app = await NestFactory.create(WhoModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

describe('OIDC bearer tokens from a real provider (oidc-provider on loopback)', () => {
  let provider: TestOidcProvider;
  let app: INestApplication;
  let url: string;
  let options: OidcOptions;

  beforeAll(async () => {
    provider = await TestOidcProvider.start({
      users: {
        'alice-cli': { claims: { preferred_username: 'alice', email: 'alice@acme.test', quell_tenant: 'acme', groups: ['staff', 'quell-admins'] } },
        'bob-cli': { claims: { email: 'bob@acme.test', quell_tenant: 'acme', groups: ['staff'] } },
        'dave-cli': { claims: { preferred_username: 'dave', quell_tenant: 'acme', groups: ['quell-responders'] } },
        'carol-cli': { claims: { preferred_username: 'carol', groups: ['quell-admins'] } },
      },
    });
    options = {
      issuer: provider.issuer,
      audience: [TEST_OIDC_AUDIENCE],
      algorithms: ['RS256'],
      clockToleranceSeconds: 5,
      tenant: { claim: 'quell_tenant' },
      scopeClaim: 'groups',
      scopeValues: { admin: ['quell-admins'], write: ['quell-responders'], read: [] },
      defaultScope: 'read',
    };
    ({ app, url } = await startApp(new OidcVerifier(options, { jwksCooldownMs: 0 })));
  });

  afterAll(async () => {
    await app?.close();
    await provider?.close();
  });

  const call = (method: string, token: string) => fetch(`${url}/v1/who`, { method, headers: { authorization: `Bearer ${token}` } });
  const refusal = async (response: Response) => ({ status: response.status, detail: ((await response.json()) as { detail: string }).detail, challenge: response.headers.get('www-authenticate') });

  it('lets a token the provider issued through, with the tenant and scope from its claims and the user named', async () => {
    const token = await provider.accessToken('alice-cli');
    expect(token.split('.')).toHaveLength(3);
    const admin = await call('POST', token);
    expect(admin.status).toBe(201);
    expect(await admin.json()).toEqual({ name: 'alice', tenant: 'acme', scope: 'admin' });
  });

  it('gives a token whose groups map to no scope the default (read): it reads, and is told it may not do more', async () => {
    const token = await provider.accessToken('bob-cli');
    const read = await call('GET', token);
    expect(await read.json()).toEqual({ name: 'bob@acme.test', tenant: 'acme', scope: 'read' });
    expect(await refusal(await call('POST', token))).toEqual({ status: 403, detail: 'the user "bob@acme.test" has the read scope; this needs admin', challenge: null });
  });

  it("asks a token for admin where a route changes what every tenant shares (tokenScope), a key's write being enough", async () => {
    expect((await call('PUT', API_KEY)).status).toBe(200);
    expect(await refusal(await call('PUT', await provider.accessToken('dave-cli')))).toEqual({ status: 403, detail: 'the user "dave" has the write scope; this needs admin', challenge: null });
    expect((await call('GET', await provider.accessToken('dave-cli'))).status).toBe(200);
    expect(await (await call('PUT', await provider.accessToken('alice-cli'))).json()).toMatchObject({ name: 'alice', scope: 'admin' });
  });

  it('answers 403 naming the missing tenant claim for a valid token without it', async () => {
    const token = await provider.accessToken('carol-cli');
    expect(await refusal(await call('GET', token))).toEqual({
      status: 403,
      detail: 'the token of "carol" has no quell_tenant claim: the provider must add the user\'s Quell tenant to it',
      challenge: null,
    });
  });

  it('answers 401 invalid_token for an expired token, another audience, another issuer or a tampered one', async () => {
    const claims = { sub: 'mallory', quell_tenant: 'acme', groups: ['quell-admins'] };
    const now = Math.floor(Date.now() / 1000);
    const valid = await provider.sign(claims);
    const [header, payload, signature] = valid.split('.');
    const otherTenant = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), quell_tenant: 'globex' })).toString('base64url');
    const cases: [string, string][] = [
      [await provider.sign({ ...claims, iat: now - 600, exp: now - 60 }), 'the token has expired: sign in again'],
      [await provider.sign({ ...claims, aud: 'account' }), `the token is not meant for Quell: its audience names none of ${TEST_OIDC_AUDIENCE}`],
      [await provider.sign({ ...claims, iss: 'https://idp.example.test/realms/other' }), `the token was not issued by ${provider.issuer}`],
      [`${header}.${otherTenant}.${signature}`, "the token's signature does not verify"],
    ];
    expect((await call('GET', valid)).status).toBe(200);
    for (const [token, detail] of cases) {
      const answer = await refusal(await call('GET', token));
      expect(answer).toEqual({ status: 401, detail, challenge: `Bearer error="invalid_token", error_description="${detail.replace(/"/g, "'")}"` });
    }
  });

  it('keeps API keys working beside tokens: a value that is not a JWT is a key', async () => {
    expect(await (await call('GET', API_KEY)).json()).toEqual({ name: 'shipper', tenant: 'globex', scope: 'write' });
    expect((await call('GET', 'not.a-jwt')).status).toBe(401);
    expect((await refusal(await call('GET', 'nope'))).detail).toBe('a valid API key is required: Authorization: Bearer <key>');
  });

  it("follows the provider's key rotation: jose fetches the JWKS again for a new key id, and the retired key stops working", async () => {
    const before = await provider.accessToken('alice-cli');
    expect((await call('GET', before)).status).toBe(200);
    await provider.rotateKeys();
    const after = await provider.accessToken('alice-cli');
    expect(JSON.parse(Buffer.from(after.split('.')[0], 'base64url').toString())).toMatchObject({ kid: 'test-key-2' });
    expect(await (await call('GET', after)).json()).toEqual({ name: 'alice', tenant: 'acme', scope: 'admin' });
    expect(await refusal(await call('GET', before))).toMatchObject({ status: 401, detail: `the token is signed with a key that ${provider.issuer} does not publish` });
  });

  it('answers 503 while the provider cannot be reached (a server-side outage, not a bad token)', async () => {
    const token = await provider.accessToken('alice-cli');
    const down = new OidcVerifier({ ...options, issuer: 'http://127.0.0.1:9' }, { timeoutMs: 2_000 });
    await expect(down.principalOf(token)).rejects.toMatchObject({ status: 503, reason: expect.stringMatching(/^the OIDC provider http:\/\/127\.0\.0\.1:9 cannot be reached/) });
  });
});
