import type { BaseServiceConfig } from '@quell/platform-config';
import type { ApiKeyScope } from '../api-keys/api-key-scope';

/** How the HTTP kit checks and reads an OIDC provider's tokens (the OIDC_* settings, parsed). */
export interface OidcOptions {
  issuer: string;
  /** Accepted `aud` values; a token must name one. */
  audience: string[];
  algorithms: string[];
  clockToleranceSeconds: number;
  /** Either a claim path naming the tenant or one fixed tenant. */
  tenant: { claim: string } | { fixed: string };
  /** Claim path whose values map to scopes, with the values of each; unset: every token has the default scope. */
  scopeClaim?: string;
  scopeValues: Record<ApiKeyScope, readonly string[]>;
  defaultScope: ApiKeyScope | 'none';
}

type OidcConfig = Pick<
  BaseServiceConfig,
  | 'OIDC_ISSUER'
  | 'OIDC_CLIENT_ID'
  | 'OIDC_AUDIENCE'
  | 'OIDC_TENANT_CLAIM'
  | 'OIDC_TENANT'
  | 'OIDC_SCOPE_CLAIM'
  | 'OIDC_ADMIN_VALUES'
  | 'OIDC_WRITE_VALUES'
  | 'OIDC_READ_VALUES'
  | 'OIDC_DEFAULT_SCOPE'
  | 'OIDC_ALGORITHMS'
  | 'OIDC_CLOCK_TOLERANCE_SECONDS'
>;

/** The options of a validated config (see checkOidcSettings), or undefined when OIDC is off. */
export function oidcOptionsOf(config: OidcConfig): OidcOptions | undefined {
  if (!config.OIDC_ISSUER) return undefined;
  const audience = config.OIDC_AUDIENCE?.length ? config.OIDC_AUDIENCE : [config.OIDC_CLIENT_ID ?? ''];
  return {
    issuer: config.OIDC_ISSUER,
    audience,
    algorithms: config.OIDC_ALGORITHMS,
    clockToleranceSeconds: config.OIDC_CLOCK_TOLERANCE_SECONDS,
    tenant: config.OIDC_TENANT_CLAIM ? { claim: config.OIDC_TENANT_CLAIM } : { fixed: config.OIDC_TENANT ?? '' },
    scopeClaim: config.OIDC_SCOPE_CLAIM,
    scopeValues: { admin: config.OIDC_ADMIN_VALUES ?? [], write: config.OIDC_WRITE_VALUES ?? [], read: config.OIDC_READ_VALUES ?? [] },
    defaultScope: config.OIDC_DEFAULT_SCOPE,
  };
}
