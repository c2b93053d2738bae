import * as oauth from 'oauth4webapi';
import type { ConsoleConfig } from './console-config';
import { session } from './session';

type OidcConfig = NonNullable<ConsoleConfig['oidc']>;

// The sign-in in flight, kept across the provider's redirect (this tab only).
const PENDING = 'quell.oidcPending';
const ERROR = 'quell.signInError';

interface Pending {
  config: OidcConfig;
  verifier: string;
  state: string;
  nonce: string;
  /** The console page asked for, to return to. */
  hash: string;
}

/** Where the provider sends the browser back: the console itself, without query or hash (register it at the provider). */
export function redirectUri(): string {
  return `${location.origin}${location.pathname}`;
}

async function discover(config: OidcConfig): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(config.issuer);
  // http:// is only allowed for a provider on this machine (the server refuses other http issuers at start).
  const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', [oauth.allowInsecureRequests]: issuer.protocol === 'http:' });
  return oauth.processDiscoveryResponse(issuer, response);
}

/** Authorization code + PKCE: off to the provider's sign-in page. */
export async function startSignIn(config: OidcConfig): Promise<void> {
  const as = await discover(config);
  if (!as.authorization_endpoint) throw new Error(`${config.issuer} has no authorization endpoint`);
  const pending: Pending = { config, verifier: oauth.generateRandomCodeVerifier(), state: oauth.generateRandomState(), nonce: oauth.generateRandomNonce(), hash: location.hash };
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: config.scopes,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  location.assign(url.href);
}

/**
 * Back from the provider (`?code=…&state=…`): the code is exchanged for tokens and the chosen one
 * kept as the session's bearer. A failure is kept for the login page to show.
 */
export async function finishSignIn(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const raw = sessionStorage.getItem(PENDING);
  if (!raw || !(params.has('code') || params.has('error'))) return;
  sessionStorage.removeItem(PENDING);
  const pending = JSON.parse(raw) as Pending;
  // The code is for one use: it leaves the address bar whatever happens next.
  history.replaceState(null, '', `${redirectUri()}${pending.hash && pending.hash !== '#/login' ? pending.hash : '#/incidents'}`);
  try {
    const as = await discover(pending.config);
    const client: oauth.Client = { client_id: pending.config.clientId };
    const insecure = { [oauth.allowInsecureRequests]: new URL(pending.config.issuer).protocol === 'http:' };
    const callback = oauth.validateAuthResponse(as, client, params, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), callback, redirectUri(), pending.verifier, insecure);
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: true });
    const bearer = pending.config.token === 'access' ? tokens.access_token : tokens.id_token;
    if (!bearer) throw new Error(`the provider returned no ${pending.config.token} token`);
    session.signIn(bearer);
  } catch (error) {
    sessionStorage.setItem(ERROR, `Sign-in with ${pending.config.providerName} failed: ${(error as Error).message}`);
  }
}

/** The last sign-in failure, once. */
export function takeSignInError(): string | null {
  const message = sessionStorage.getItem(ERROR);
  sessionStorage.removeItem(ERROR);
  return message;
}
