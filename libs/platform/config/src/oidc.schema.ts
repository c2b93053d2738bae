import { z } from 'zod';
import { commaList, intInRange, oneOf } from './schema-helpers';

/** Signature algorithms an OIDC token may use: asymmetric only, since keys come from the provider's JWKS. */
export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const;
/** What a token without a mapped role may do: `none` refuses it (Grafana's role_attribute_strict). */
export const OIDC_DEFAULT_SCOPES = ['read', 'none'] as const;
export const OIDC_CONSOLE_TOKENS = ['id', 'access'] as const;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
// A claim path: names joined by dots, for nested claims such as Keycloak's realm_access.roles.
const CLAIM_PATH = /^[A-Za-z_][\w:/-]*(\.[A-Za-z_][\w:/-]*)*$/;

const issuerUrl = () =>
  z.url().refine((raw) => {
    const url = new URL(raw);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  }, 'expected an https:// issuer URL (http:// only on localhost or 127.0.0.1)');

const claimPath = () => z.string().regex(CLAIM_PATH, 'expected a claim name, or a dotted path to a nested claim such as realm_access.roles');

/**
 * Sign-in through an OpenID Connect provider (Keycloak, Entra ID, Okta…), beside API keys: every
 * service accepts the provider's signed tokens as `Authorization: Bearer <JWT>`. Off while
 * OIDC_ISSUER is unset.
 */
export const oidcSchemaShape = {
  OIDC_ISSUER: issuerUrl()
    .optional()
    .describe("OpenID Connect issuer URL (its /.well-known/openid-configuration is read); when set, the provider's tokens authenticate like API keys."),
  OIDC_CLIENT_ID: z.string().min(1).optional().describe("The console's client id at the provider (a public client: authorization code + PKCE, no secret)."),
  OIDC_AUDIENCE: commaList()
    .optional()
    .describe('Accepted `aud` values of a token (comma-separated); unset: OIDC_CLIENT_ID (an ID token is issued to the client).'),
  OIDC_TENANT_CLAIM: claimPath().optional().describe('Claim holding the tenant (e.g. quell_tenant, or tid on Entra ID); a token without it gets 403. Set this or OIDC_TENANT.'),
  OIDC_TENANT: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected letters, digits, ".", "_" or "-"')
    .optional()
    .describe('The one tenant of every token, for a single-tenant setup. Set this or OIDC_TENANT_CLAIM.'),
  OIDC_SCOPE_CLAIM: claimPath()
    .optional()
    .describe('Claim whose values map to Quell scopes (e.g. groups, roles, realm_access.roles); a string is split on spaces.'),
  OIDC_ADMIN_VALUES: commaList().optional().describe('Values of OIDC_SCOPE_CLAIM that grant admin (comma-separated).'),
  OIDC_WRITE_VALUES: commaList().optional().describe('Values of OIDC_SCOPE_CLAIM that grant write.'),
  OIDC_READ_VALUES: commaList().optional().describe('Values of OIDC_SCOPE_CLAIM that grant read (useful with OIDC_DEFAULT_SCOPE=none).'),
  OIDC_DEFAULT_SCOPE: oneOf(OIDC_DEFAULT_SCOPES).default('read').describe('Scope of a token whose claim matches no value list: read, or none to refuse it (403).'),
  OIDC_ALGORITHMS: commaList()
    .default(['RS256', 'PS256', 'ES256', 'EdDSA'])
    .refine((algs) => algs.length > 0 && algs.every((alg) => (OIDC_ALGORITHMS as readonly string[]).includes(alg)), `expected a comma-separated list of ${OIDC_ALGORITHMS.join(', ')}`)
    .describe('Signature algorithms a token may use.'),
  OIDC_CLOCK_TOLERANCE_SECONDS: intInRange(0, 300).default(30).describe("Seconds of clock skew allowed when checking a token's exp and nbf."),
  OIDC_PROVIDER_NAME: z.string().min(1).max(40).optional().describe('Name on the console\'s "Sign in with …" button; unset: the issuer\'s host.'),
  OIDC_SCOPES: z.string().min(1).default('openid profile email').describe('OAuth scopes the console asks for (space-separated).'),
  OIDC_CONSOLE_TOKEN: oneOf(OIDC_CONSOLE_TOKENS)
    .default('id')
    .describe('Token the console sends to the APIs: the ID token (aud is the client id), or the access token when the provider issues JWT access tokens for OIDC_AUDIENCE.'),
};

type OidcKeys = z.output<z.ZodObject<typeof oidcSchemaShape>>;

const RULES: { path: keyof OidcKeys; message: string; holds: (c: OidcKeys) => boolean }[] = [
  {
    path: 'OIDC_CLIENT_ID',
    message: 'set OIDC_CLIENT_ID or OIDC_AUDIENCE when OIDC_ISSUER is set (a token must be checked against an audience)',
    holds: (c) => !c.OIDC_ISSUER || c.OIDC_CLIENT_ID !== undefined || (c.OIDC_AUDIENCE?.length ?? 0) > 0,
  },
  {
    path: 'OIDC_TENANT_CLAIM',
    message: 'set OIDC_TENANT_CLAIM (a claim naming the tenant) or OIDC_TENANT (one fixed tenant) when OIDC_ISSUER is set',
    holds: (c) => !c.OIDC_ISSUER || c.OIDC_TENANT_CLAIM !== undefined || c.OIDC_TENANT !== undefined,
  },
  { path: 'OIDC_TENANT', message: 'set OIDC_TENANT_CLAIM or OIDC_TENANT, not both', holds: (c) => c.OIDC_TENANT_CLAIM === undefined || c.OIDC_TENANT === undefined },
  {
    path: 'OIDC_SCOPE_CLAIM',
    message: 'required when OIDC_ADMIN_VALUES, OIDC_WRITE_VALUES or OIDC_READ_VALUES is set',
    holds: (c) => c.OIDC_SCOPE_CLAIM !== undefined || (c.OIDC_ADMIN_VALUES ?? c.OIDC_WRITE_VALUES ?? c.OIDC_READ_VALUES) === undefined,
  },
];

/** The OIDC settings' cross-key rules (use with `superRefine(…, { when: () => true })`), each naming the key to fix. */
export function checkOidcSettings(config: OidcKeys, ctx: z.RefinementCtx): void {
  for (const rule of RULES) {
    if (!rule.holds(config)) ctx.addIssue({ code: 'custom', path: [rule.path], message: rule.message });
  }
}
