import type { IncomingMessage } from 'node:http';
import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiKeyPrincipal } from '../api-keys/api-key-entry';
import { scopeGrants } from '../api-keys/api-key-scope';
import { API_KEY_STORE, bearerKeyOf, type ApiKeyStore } from '../api-keys/api-key-store';
import { isJwt, OIDC_VERIFIER, type OidcVerifier } from '../oidc/oidc-verifier';
import { TokenRefusal } from '../oidc/token-refusal';
import { problem } from '../problem/problem-details';
import { setRequestPrincipal } from './request-principal';
import { REQUIRED_SCOPE, type ScopeRequirement } from './scope-requirement';

/**
 * Lets a request through when its bearer key is in the module's key store (API_KEY_STORE), or is a
 * token of the configured OIDC provider (OIDC_VERIFIER), with the scope the route declares
 * (@RequireScope). The principal is kept on the request for @Tenant() and @Principal(). Used
 * through @RequireScope, which applies it.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEY_STORE) private readonly keys: ApiKeyStore,
    @Optional() @Inject(OIDC_VERIFIER) private readonly oidc: OidcVerifier | null = null,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<ScopeRequirement | undefined>(REQUIRED_SCOPE, [context.getHandler(), context.getClass()]);
    // Without a declared scope a route needs the smallest one: a guarded route is never open.
    const { scope: keyScope, unauthorized, forbidden, tokenScope } = requirement ?? { scope: 'read' as const };
    const req = context.switchToHttp().getRequest<IncomingMessage>();
    const bearer = bearerKeyOf(req.headers.authorization);
    const fromToken = this.oidc !== null && bearer !== undefined && isJwt(bearer);
    const principal = fromToken ? await this.tokenPrincipal(bearer) : this.keys.principalOfHeader(req.headers.authorization);
    const scope = fromToken && tokenScope ? tokenScope : keyScope;
    if (!principal) {
      throw problem(401, unauthorized ?? 'a valid API key is required: Authorization: Bearer <key>', { headers: { 'WWW-Authenticate': 'Bearer' } });
    }
    if (!scopeGrants(principal.scope, scope)) {
      throw problem(403, `the ${fromToken ? 'user' : 'key'} "${principal.name}" ${forbidden ?? `has the ${principal.scope} scope; this needs ${scope}`}`);
    }
    setRequestPrincipal(req, principal);
    return true;
  }

  private async tokenPrincipal(token: string): Promise<ApiKeyPrincipal> {
    try {
      return await (this.oidc as OidcVerifier).principalOf(token);
    } catch (error) {
      if (!(error instanceof TokenRefusal)) throw error;
      if (error.status === 401) {
        // RFC 6750 3.1: the client learns the token itself is the problem, not the lack of one.
        throw problem(401, error.reason, { headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${error.reason.replace(/"/g, "'")}"` } });
      }
      throw problem(error.status, error.reason, error.status === 503 ? { headers: { 'Retry-After': '5' } } : {});
    }
  }
}
