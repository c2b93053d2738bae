import { ConfigError } from '@quell/platform-config';

/** A key for trying Quell on one machine; never used when INGEST_API_KEYS is set. */
export const DEMO_API_KEYS = 'demo:quell-demo-key';
/** The same key on the incidents API (read and act on the demo tenant's incidents), unless INCIDENTS_API_KEYS is set. */
export const DEMO_INCIDENTS_API_KEYS = 'demo:demo:write:quell-demo-key';
/** The same key on the change calendar (admin: a newcomer may approve a change), unless CHANGE_CALENDAR_API_KEYS is set. */
export const DEMO_CHANGE_CALENDAR_API_KEYS = 'demo:demo:admin:quell-demo-key';
/** The same key reading the rule catalog (shared by every tenant, so read only), unless RULES_API_KEYS is set. */
export const DEMO_RULES_API_KEYS = 'demo:quell-demo-key:read';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const DEFAULT_PORT = 8080;

/** Where the all-in-one listens (one port for every service), and whether the public demo key is in use. */
export interface ListenPlan {
  host: string;
  port: number;
  /** The variable that set the port (PORT, or HTTP_PORT as before): what to change when it is taken. */
  portKey: 'PORT' | 'HTTP_PORT';
  demoKey: boolean;
  /** How this machine reaches the server, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** The environment with INGEST_API_KEYS (and the other APIs' keys) filled in (the demo key) when it was unset, and notifications' links to `url`. */
  env: Record<string, string | undefined>;
}

/**
 * The all-in-one serves every service's API, health and metrics on one port: PORT (8080 by
 * default; HTTP_PORT is still read when PORT is unset). While the demo key is active, anyone who
 * can reach the port can post events, so it listens on 127.0.0.1 only, and a wider HTTP_HOST is refused.
 */
export function listenPlan(env: Record<string, string | undefined>): ListenPlan {
  const demoKey = !env['INGEST_API_KEYS']?.trim();
  const issues: { key: string; message: string }[] = [];
  const portKey = env['PORT']?.trim() || !env['HTTP_PORT']?.trim() ? 'PORT' : 'HTTP_PORT';
  const portText = env[portKey]?.trim() || String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    issues.push({ key: portKey, message: `expected a port, an integer between 1 and 65535, got ${JSON.stringify(portText)}` });
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
  const url = `http://${reachable}:${port}`;
  // Notifications link to this process's console unless the operator names another (the notifier's default is port 8080).
  const withLinks = { ...env, NOTIFY_INCIDENT_URL_TEMPLATE: env['NOTIFY_INCIDENT_URL_TEMPLATE'] ?? `${url}/` };
  return {
    host,
    port,
    portKey,
    demoKey,
    url,
    env: demoKey ? withDemoKeys(withLinks) : withLinks,
  };
}

/** The demo key on every API the console uses, each unless the operator set that API's keys. */
function withDemoKeys(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return {
    ...env,
    INGEST_API_KEYS: DEMO_API_KEYS,
    INCIDENTS_API_KEYS: env['INCIDENTS_API_KEYS'] ?? DEMO_INCIDENTS_API_KEYS,
    CHANGE_CALENDAR_API_KEYS: env['CHANGE_CALENDAR_API_KEYS'] ?? DEMO_CHANGE_CALENDAR_API_KEYS,
    RULES_API_KEYS: env['RULES_API_KEYS'] ?? DEMO_RULES_API_KEYS,
  };
}
