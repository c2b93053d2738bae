import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { ApiKeyPrincipal } from '../api-keys/api-key-entry';
import type { OidcOptions } from './oidc-options';
import { principalOfClaims } from './token-claims';
import { TokenRefusal } from './token-refusal';

/** Port token of the process's OIDC verifier (null while OIDC_ISSUER is unset); the guard injects it when present. */
export const OIDC_VERIFIER = Symbol('OIDC_VERIFIER');

export interface OidcVerifierTuning {
  /** Least time between two JWKS fetches for an unknown key id (jose's cooldown); 30 s by default. */
  jwksCooldownMs?: number;
  /** How long discovery and a JWKS fetch may take; 10 s by default. */
  timeoutMs?: number;
}

/**
 * Checks `Authorization: Bearer <JWT>` tokens of one OpenID Connect provider with jose: discovery
 * finds the provider's JWKS, jose caches it and fetches it again for a key id it does not know (a
 * key rotation). Discovery runs at the first token and again after a failure, so a provider that is
 * down at start delays nothing but sign-in.
 */
export class OidcVerifier {
  private keys?: Promise<JWTVerifyGetKey>;

  constructor(
    readonly options: OidcOptions,
    private readonly tuning: OidcVerifierTuning = {},
  ) {}

  /** Who a token speaks for; throws TokenRefusal (401 invalid, 403 no tenant or scope, 503 provider unreachable). */
  async principalOf(token: string): Promise<ApiKeyPrincipal> {
    const keys = await this.jwks();
    const { issuer, audience, algorithms, clockToleranceSeconds } = this.options;
    try {
      const { payload } = await jwtVerify(token, keys, { issuer, audience, algorithms, clockTolerance: clockToleranceSeconds, requiredClaims: ['exp'] });
      return principalOfClaims(payload, this.options);
    } catch (error) {
      throw error instanceof TokenRefusal ? error : this.refusalOf(error);
    }
  }

  private jwks(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.discover().catch((error: unknown) => {
      this.keys = undefined;
      throw new TokenRefusal(503, `the OIDC provider ${this.options.issuer} cannot be reached to check the token (${(error as Error).message})`);
    });
    return this.keys;
  }

  private async discover(): Promise<JWTVerifyGetKey> {
    const timeoutDuration = this.tuning.timeoutMs ?? 10_000;
    const url = `${this.options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutDuration), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery 4.3: the document must name the issuer it was fetched for.
    if (metadata.issuer !== this.options.issuer) throw new Error(`${url} names the issuer ${JSON.stringify(metadata.issuer)}, not OIDC_ISSUER`);
    if (typeof metadata.jwks_uri !== 'string') throw new Error(`${url} has no jwks_uri`);
    return createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration, cooldownDuration: this.tuning.jwksCooldownMs ?? 30_000 });
  }

  private refusalOf(error: unknown): TokenRefusal {
    const { issuer, audience, algorithms } = this.options;
    if (error instanceof errors.JWTExpired) return new TokenRefusal(401, 'the token has expired: sign in again');
    if (error instanceof errors.JWTClaimValidationFailed) {
      if (error.claim === 'iss') return new TokenRefusal(401, `the token was not issued by ${issuer}`);
      if (error.claim === 'aud') return new TokenRefusal(401, `the token is not meant for Quell: its audience names none of ${audience.join(', ')}`);
      if (error.claim === 'nbf') return new TokenRefusal(401, 'the token is not valid yet');
      return new TokenRefusal(401, `the token's ${error.claim} claim is invalid (${error.reason})`);
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenRefusal(401, "the token's signature does not verify");
    if (error instanceof errors.JWKSNoMatchingKey) return new TokenRefusal(401, `the token is signed with a key that ${issuer} does not publish`);
    if (error instanceof errors.JOSEAlgNotAllowed) return new TokenRefusal(401, `the token is signed with an algorithm other than ${algorithms.join(', ')}`);
    if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
      return new TokenRefusal(503, `the OIDC provider ${issuer} cannot be reached to check the token (${(error as Error).message})`);
    }
    return new TokenRefusal(401, 'the bearer token is not a valid signed JWT');
  }
}

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Whether a bearer value is a JWS (a header naming its algorithm, a payload, a signature); anything else is an API key. */
export function isJwt(value: string): boolean {
  if (!JWT.test(value)) return false;
  try {
    const header = JSON.parse(Buffer.from(value.slice(0, value.indexOf('.')), 'base64url').toString('utf8')) as unknown;
    return header !== null && typeof header === 'object' && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}
