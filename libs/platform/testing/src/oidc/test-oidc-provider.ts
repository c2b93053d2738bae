import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import Provider, { type ClientMetadata } from 'oidc-provider';

/** The API audience the provider's JWT access tokens name (a resource indicator). */
export const TEST_OIDC_AUDIENCE = 'urn:quell:api';

export interface TestOidcUser {
  /** Claims the provider adds to this client's access tokens (tenant, groups, names). */
  claims: JWTPayload;
}

export interface TestOidcProviderOptions {
  /** Machine clients (client credentials grant), by client id, with the claims of their tokens. */
  users: Record<string, TestOidcUser>;
  /** Browser clients (authorization code + PKCE, no secret), e.g. the console. */
  publicClients?: ClientMetadata[];
  /** Claims of the one account the dev sign-in form logs in, any login name accepted. */
  accountClaims?: JWTPayload;
}

interface SigningKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  jwk: JWK;
}

/**
 * A real OpenID Connect provider (panva's oidc-provider) on a loopback port, issuing JWT access
 * tokens for TEST_OIDC_AUDIENCE. `rotateKeys()` replaces its signing key as a provider's key
 * rotation does; `sign()` mints tokens with its current key that the provider would never issue
 * (expired, another audience), for the refusal cases.
 */
export class TestOidcProvider {
  private provider!: Provider;
  private key!: SigningKey;
  private generation = 0;

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    private readonly options: TestOidcProviderOptions,
  ) {}

  static async start(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const test = new TestOidcProvider(server, issuer, options);
    await test.rotateKeys();
    // The provider in force answers: rotateKeys swaps it for one with the new key.
    server.on('request', (req, res) => void test.provider.callback()(req, res));
    return test;
  }

  /** A new signing key (a new kid); tokens issued from now on are signed with it and the JWKS publishes only it. */
  async rotateKeys(): Promise<void> {
    this.generation += 1;
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = `test-key-${this.generation}`;
    this.key = { kid, privateKey, jwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' } };
    this.provider = this.build();
  }

  /** An access token of a machine client, as the provider issues it (client credentials grant). */
  async accessToken(clientId: string): Promise<string> {
    const response = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:secret-${clientId}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: TEST_OIDC_AUDIENCE, scope: 'api' }),
    });
    const body = (await response.json()) as { access_token?: string; error_description?: string };
    if (!body.access_token) throw new Error(`the test provider issued no token: ${response.status} ${body.error_description ?? ''}`);
    return body.access_token;
  }

  /** A token signed with the provider's current key, with any claims (defaults: this issuer, the API audience, valid 5 minutes). */
  sign(claims: JWTPayload): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: this.issuer, aud: TEST_OIDC_AUDIENCE, iat: now, exp: now + 300, ...claims }).setProtectedHeader({ alg: 'RS256', kid: this.key.kid, typ: 'at+jwt' }).sign(this.key.privateKey);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((done) => this.server.close(done));
  }

  private build(): Provider {
    const { users, publicClients = [], accountClaims = {} } = this.options;
    const machineClients: ClientMetadata[] = Object.keys(users).map((clientId) => ({
      client_id: clientId,
      client_secret: `secret-${clientId}`,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
    }));
    return new Provider(this.issuer, {
      clients: [...machineClients, ...publicClients.map((client) => ({ token_endpoint_auth_method: 'none' as const, ...client }))],
      jwks: { keys: [this.key.jwk] },
      scopes: ['openid', 'profile', 'email', 'api', 'quell'],
      claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email'], quell: ['quell_tenant', 'groups'] },
      features: {
        devInteractions: { enabled: true },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => TEST_OIDC_AUDIENCE,
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({ scope: 'api', audience: TEST_OIDC_AUDIENCE, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
        },
      },
      pkce: { required: () => true },
      ttl: { ClientCredentials: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60, Grant: 600, Interaction: 600, Session: 600 },
      // The console's ID token carries the claims itself, as Keycloak's and Okta's do with a mapper.
      conformIdTokenClaims: false,
      findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, ...accountClaims }) }),
      extraTokenClaims: (_ctx, token) => ('clientId' in token && token.clientId ? users[token.clientId]?.claims : undefined),
    });
  }
}
