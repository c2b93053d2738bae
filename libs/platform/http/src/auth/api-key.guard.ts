import type { IncomingMessage } from 'node:http';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { scopeGrants } from '../api-keys/api-key-scope';
import { API_KEY_STORE, type ApiKeyStore } from '../api-keys/api-key-store';
import { problem } from '../problem/problem-details';
import { setRequestPrincipal } from './request-principal';
import { REQUIRED_SCOPE, type ScopeRequirement } from './scope-requirement';

/**
 * Lets a request through when its bearer key is in the module's key store (API_KEY_STORE) with the
 * scope the route declares (@RequireScope). The key's principal is kept on the request for @Tenant()
 * and @Principal(). Used through @RequireScope, which applies it.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEY_STORE) private readonly keys: ApiKeyStore,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const requirement = this.reflector.getAllAndOverride<ScopeRequirement | undefined>(REQUIRED_SCOPE, [context.getHandler(), context.getClass()]);
    // Without a declared scope a route needs the smallest one: a guarded route is never open.
    const { scope, unauthorized, forbidden } = requirement ?? { scope: 'read' as const };
    const req = context.switchToHttp().getRequest<IncomingMessage>();
    const principal = this.keys.principalOfHeader(req.headers.authorization);
    if (!principal) {
      throw problem(401, unauthorized ?? 'a valid API key is required: Authorization: Bearer <key>', { headers: { 'WWW-Authenticate': 'Bearer' } });
    }
    if (!scopeGrants(principal.scope, scope)) {
      throw problem(403, `the key "${principal.name}" ${forbidden ?? `has the ${principal.scope} scope; this needs ${scope}`}`);
    }
    setRequestPrincipal(req, principal);
    return true;
  }
}
