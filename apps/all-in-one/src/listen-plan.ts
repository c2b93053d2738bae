import { ConfigError } from '@quell/platform-config';

/** A key for trying Quell on one machine; never used when INGEST_API_KEYS is set. */
export const DEMO_API_KEYS = 'demo:quell-demo-key';
/** The same key on the incidents API (read and act on the demo tenant's incidents), unless INCIDENTS_API_KEYS is set. */
export const DEMO_INCIDENTS_API_KEYS = 'demo:demo:write:quell-demo-key';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const DEFAULT_FIRST_PORT = 8080;

/** Where the all-in-one's services listen, and whether the public demo key is in use. */
export interface ListenPlan {
  host: string;
  /** One port per service, in the order given: HTTP_PORT for the first, then the next ones. */
  ports: number[];
  demoKey: boolean;
  /** How this machine reaches the first service, e.g. `http://127.0.0.1:8080`. */
  firstUrl: string;
  /** The environment with INGEST_API_KEYS (and INCIDENTS_API_KEYS) filled in (the demo key) when it was unset. */
  env: Record<string, string | undefined>;
}

/**
 * The all-in-one runs seven HTTP servers in one process: HTTP_PORT (8080 by default) is the first,
 * ingest's, and the others follow in order. While the demo key is active, anyone who can reach the
 * port can post events, so the servers listen on 127.0.0.1 only, and a wider HTTP_HOST is refused.
 */
export function listenPlan(env: Record<string, string | undefined>, services: number): ListenPlan {
  const demoKey = !env['INGEST_API_KEYS']?.trim();
  const issues: { key: string; message: string }[] = [];
  const portText = env['HTTP_PORT']?.trim() || String(DEFAULT_FIRST_PORT);
  const first = Number(portText);
  const last = 65535 - (services - 1);
  if (!/^\d+$/.test(portText) || first < 1 || first > last) {
    issues.push({ key: 'HTTP_PORT', message: `expected the first of ${services} consecutive ports, an integer between 1 and ${last}, got ${JSON.stringify(portText)}` });
  }
  const requestedHost = env['HTTP_HOST']?.trim();
  if (demoKey && requestedHost && !LOOPBACK.has(requestedHost)) {
    issues.push({
      key: 'HTTP_HOST',
      message: `${requestedHost} would expose the public demo key beyond this machine; set INGEST_API_KEYS to your own tenant:key pairs to listen there`,
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const host = demoKey ? requestedHost || '127.0.0.1' : requestedHost || '0.0.0.0';
  const reachable = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    host,
    ports: Array.from({ length: services }, (_, index) => first + index),
    demoKey,
    firstUrl: `http://${reachable}:${first}`,
    env: demoKey ? { ...env, INGEST_API_KEYS: DEMO_API_KEYS, INCIDENTS_API_KEYS: env['INCIDENTS_API_KEYS'] ?? DEMO_INCIDENTS_API_KEYS } : env,
  };
}
