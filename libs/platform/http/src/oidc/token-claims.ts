import type { JWTPayload } from 'jose';
import type { ApiKeyPrincipal } from '../api-keys/api-key-entry';
import { API_KEY_SCOPES, type ApiKeyScope } from '../api-keys/api-key-scope';
import type { OidcOptions } from './oidc-options';
import { TokenRefusal } from './token-refusal';

const TENANT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A claim by dotted path (`realm_access.roles`); a flat claim whose name holds dots wins (Auth0's namespaced claims). */
export function claimAt(claims: JWTPayload, path: string): unknown {
  if (path in claims) return claims[path];
  let value: unknown = claims;
  for (const name of path.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
  }
  return value;
}

/** Who acted, for timelines: the name a person knows, else the subject. */
export function principalName(claims: JWTPayload): string {
  for (const name of ['preferred_username', 'email', 'sub']) {
    const value = claims[name];
    if (typeof value === 'string' && value) return value;
  }
  return 'oidc-user';
}

function tenantOf(claims: JWTPayload, options: OidcOptions, who: string): string {
  if ('fixed' in options.tenant) return options.tenant.fixed;
  const claim = options.tenant.claim;
  const value = claimAt(claims, claim);
  if (value === undefined) throw new TokenRefusal(403, `the token of "${who}" has no ${claim} claim: the provider must add the user's Quell tenant to it`);
  if (typeof value !== 'string' || !TENANT.test(value)) {
    throw new TokenRefusal(403, `the token of "${who}" has a ${claim} claim that is not one tenant name (letters, digits, ".", "_" or "-")`);
  }
  return value;
}

function scopeOf(claims: JWTPayload, options: OidcOptions, who: string): ApiKeyScope {
  const raw = options.scopeClaim === undefined ? undefined : claimAt(claims, options.scopeClaim);
  // An OAuth `scope` claim is one space-separated string; groups and roles are arrays.
  const held = new Set(typeof raw === 'string' ? raw.split(' ') : Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : []);
  for (const scope of [...API_KEY_SCOPES].reverse()) {
    if (options.scopeValues[scope].some((value) => held.has(value))) return scope;
  }
  if (options.defaultScope === 'none') throw new TokenRefusal(403, `the token of "${who}" maps to no Quell scope: its ${options.scopeClaim ?? 'scope'} claim holds none of the configured values`);
  return options.defaultScope;
}

/** The principal a verified token speaks for: its tenant and scope from the configured claims. */
export function principalOfClaims(claims: JWTPayload, options: OidcOptions): ApiKeyPrincipal {
  const name = principalName(claims);
  return { name, tenant: tenantOf(claims, options, name), scope: scopeOf(claims, options, name) };
}
