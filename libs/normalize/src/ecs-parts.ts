import { isIP } from 'node:net';
import type { Cloud, Dns, Event, File, Hashes, Http, Network, Observer, Registry, Url } from '@quell/contracts';

/** The Event parts (schema v2) that come straight from ECS dotted fields. */
export type EcsParts = Pick<Event, 'code' | 'provider' | 'observer' | 'network' | 'file' | 'registry' | 'dns' | 'url' | 'http' | 'userAgent' | 'cloud'>;

type Fields = Readonly<Record<string, string>>;

/**
 * Builds a record from ECS fields, or null when the source carried none of them: a reader (and
 * the history table) can then tell "no file" from "a file without a name".
 */
function part<T extends object>(f: Fields, names: Readonly<Record<keyof T, string>>, convert: Partial<Record<keyof T, (v: string) => unknown>> = {}): T | null {
  // Most events carry none of a part's fields: nothing is allocated until one has a value.
  let out: Record<string, unknown> | null = null;
  for (const key in names) {
    const raw = f[names[key]];
    if (raw === undefined || raw === '') continue;
    const conv = convert[key];
    // A value that does not convert (an HTTP status "abc") is left out, never stored as text.
    const value = conv ? (conv(raw) ?? null) : raw;
    if (value === null) continue;
    if (out === null) {
      out = {};
      for (const name in names) out[name] = null;
    }
    out[key] = value;
  }
  return out as T | null;
}

const lower = (v: string) => v.toLowerCase();

function ipAddress(v: string): string | null {
  return isIP(v) ? v : null;
}

/** `C:\dir\a.exe` or `/dir/a.sh` → the last component; null for a path ending in a separator. */
function basename(path: string | null | undefined): string | null {
  if (!path) return null;
  return path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1) || null;
}

const upper = (v: string) => v.toUpperCase();

function hashes(f: Fields, prefix: string): Hashes | null {
  return part<Hashes>(f, { md5: `${prefix}.md5`, sha1: `${prefix}.sha1`, sha256: `${prefix}.sha256` }, { md5: lower, sha1: lower, sha256: lower });
}

function statusCode(v: string): number | null {
  const n = Number(v);
  return Number.isInteger(n) && n >= 100 && n <= 999 ? n : null;
}

// ECS network.direction's allowed values; anything else a device writes is kept as `unknown`
// rather than passed through, so a filter on direction never meets a vendor's spelling.
const DIRECTIONS = new Set(['inbound', 'outbound', 'internal', 'external', 'ingress', 'egress', 'unknown']);

/**
 * ECS url.full, or url.original when it is absolute (CEF `request`, proxy logs); url.domain, or
 * the host of that URL. A relative url.original (a web server's path) is no full URL.
 */
function urlOf(f: Fields): Url | null {
  const original = f['url.original'];
  const full = f['url.full'] || (original && /^[a-z][a-z0-9+.-]*:\/\//i.test(original) ? original : undefined);
  let domain: string | undefined = f['url.domain'];
  if (!domain && full) {
    try {
      domain = new URL(full).hostname.replace(/^\[|\]$/g, '') || undefined;
    } catch {
      // Not a URL WHATWG can read: keep the text, derive nothing from it.
    }
  }
  return full || domain ? { full: full || null, domain: domain ? domain.toLowerCase() : null } : null;
}

export function ecsParts(f: Fields): EcsParts {
  const fileHash = hashes(f, 'file.hash');
  const file = part<Omit<File, 'hash'>>(f, { path: 'file.path', name: 'file.name' });
  return {
    code: f['event.code'] || null,
    provider: f['event.provider'] || null,
    observer: part<Observer>(
      f,
      { vendor: 'observer.vendor', product: 'observer.product', version: 'observer.version', hostname: 'observer.hostname', ip: 'observer.ip', type: 'observer.type' },
      // Flattened JSON joins an array of addresses with commas: the first is the primary one. Some
      // CEF senders put a host name in `dvc`; it is no address, and observer.ip stays empty.
      { type: lower, ip: (v) => ipAddress(v.split(',')[0].trim()) },
    ),
    network: part<Network>(
      f,
      { transport: 'network.transport', protocol: 'network.protocol', direction: 'network.direction' },
      { transport: lower, protocol: lower, direction: (v) => (DIRECTIONS.has(v.toLowerCase()) ? v.toLowerCase() : 'unknown') },
    ),
    file: file || fileHash ? { path: file?.path ?? null, name: file?.name ?? basename(file?.path), hash: fileHash } : null,
    registry: part<Registry>(f, { path: 'registry.path', value: 'registry.value', data: 'registry.data.strings' }),
    // DNS names compare case-insensitively (RFC 4343); stored lower-case, a lookup is one `=`.
    dns: part<Dns>(f, { questionName: 'dns.question.name' }, { questionName: lower }),
    url: urlOf(f),
    http: part<Http>(f, { requestMethod: 'http.request.method', responseStatusCode: 'http.response.status_code' }, { requestMethod: upper, responseStatusCode: statusCode }),
    userAgent: f['user_agent.original'] || null,
    cloud: part<Cloud>(
      f,
      { provider: 'cloud.provider', accountId: 'cloud.account.id', region: 'cloud.region', serviceName: 'cloud.service.name' },
      { provider: lower },
    ),
  };
}

/** process.parent.executable / pid and process.hash.* (the Process record's v2 fields). */
export function processExtras(f: Fields, int: (v: string | undefined) => number | null): { parentExecutable: string | null; parentPid: number | null; hash: Hashes | null } {
  return { parentExecutable: f['process.parent.executable'] || null, parentPid: int(f['process.parent.pid']), hash: hashes(f, 'process.hash') };
}
