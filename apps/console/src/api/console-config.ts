/** What the server tells the console before sign-in (config.json beside index.html). */
export interface ConsoleConfig {
  oidc?: { issuer: string; clientId: string; providerName: string; scopes: string; token: 'id' | 'access' };
}

let loaded: Promise<ConsoleConfig> | undefined;

/** Read once; a server without the file (an older one) offers API keys only. */
export function consoleConfig(): Promise<ConsoleConfig> {
  loaded ??= fetch('config.json', { headers: { accept: 'application/json' } })
    .then((res) => (res.ok ? (res.json() as Promise<ConsoleConfig>) : {}))
    .catch(() => ({}));
  return loaded;
}
