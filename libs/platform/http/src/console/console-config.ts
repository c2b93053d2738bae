import type { BaseServiceConfig } from '@quell/platform-config';

/** What the console learns before sign-in (served unauthenticated as config.json beside it): nothing secret. */
export interface ConsoleConfig {
  /** Sign-in through an OpenID Connect provider (authorization code + PKCE), when OIDC_ISSUER is set. */
  oidc?: {
    issuer: string;
    clientId: string;
    /** Button label: "Sign in with <providerName>". */
    providerName: string;
    scopes: string;
    /** Which token the console sends as its bearer: `id` or `access`. */
    token: 'id' | 'access';
  };
}

type ConsoleOidcConfig = Pick<BaseServiceConfig, 'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_PROVIDER_NAME' | 'OIDC_SCOPES' | 'OIDC_CONSOLE_TOKEN'>;

/** The console's config from the service's: OIDC sign-in only with an issuer and a client id for the console. */
export function consoleConfigOf(config: ConsoleOidcConfig): ConsoleConfig {
  if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID) return {};
  return {
    oidc: {
      issuer: config.OIDC_ISSUER,
      clientId: config.OIDC_CLIENT_ID,
      providerName: config.OIDC_PROVIDER_NAME ?? new URL(config.OIDC_ISSUER).host,
      scopes: config.OIDC_SCOPES,
      token: config.OIDC_CONSOLE_TOKEN,
    },
  };
}
