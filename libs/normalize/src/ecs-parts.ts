import { isIP } from 'node:net';
import type { Cloud, Dns, Event, File, Hashes, Http, Network, Observer, Registry, Url } from '@quell/contracts';

/** The Event parts (schema v2) that come straight from ECS dotted fields. */
export type EcsParts = Pick<Event, 'code' | 'provider' | 'observer' | 'network' | 'file' | 'registry' | 'dns' | 'url' | 'http' | 'userAgent' | 'cloud'>;

type Fields = Readonly<Record<string, string>>;

/** A part's record keys, the ECS field each is read from, and its converter, as parallel arrays. */
interface PartSpec<T> {
  keys: (keyof T & string)[];
  names: string[];
  converts: (((v: string) => unknown) | undefined)[];
}

/** Built once per part at load: walking plain arrays per record costs less than for-in over object literals. */
function spec<T extends object>(names: Readonly<Record<keyof T, string>>, convert: Partial<Record<keyof T, (v: string) => unknown>> = {}): PartSpec<T> {
  const keys = Object.keys(names) as (keyof T & string)[];
  return { keys, names: keys.map((key) => names[key]), converts: keys.map((key) => convert[key]) };
}

/**
 * Builds a record from ECS fields, or null when the source carried none of them: a reader (and
 * the history table) can then tell "no file" from "a file without a name".
 */
function part<T extends object>(f: Fields, { keys, names, converts }: PartSpec<T>): T | null {
  // Most events carry none of a part's fields: nothing is allocated until one has a value.
  let out: Record<string, unknown> | null = null;
  for (let i = 0; i < keys.length; i++) {
    const raw = f[names[i]];
    if (raw === undefined || raw === '') continue;
    const conv = converts[i];
    // A value that does not convert (an HTTP status "abc") is left out, never stored as text.
    const value = conv ? (conv(raw) ?? null) : raw;
    if (value === null) continue;
    if (out === null) {
      out = {};
      for (const key of keys) out[key] = null;
    }
    out[keys[i]] = value;
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

const HASH_CONVERT = { md5: lower, sha1: lower, sha256: lower };
const FILE_HASH = spec<Hashes>({ md5: 'file.hash.md5', sha1: 'file.hash.sha1', sha256: 'file.hash.sha256' }, HASH_CONVERT);
const PROCESS_HASH = spec<Hashes>({ md5: 'process.hash.md5', sha1: 'process.hash.sha1', sha256: 'process.hash.sha256' }, HASH_CONVERT);

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

// Each part's fields and converters, built once at load.
const FILE = spec<Omit<File, 'hash'>>({ path: 'file.path', name: 'file.name' });
const OBSERVER = spec<Observer>(
  { vendor: 'observer.vendor', product: 'observer.product', version: 'observer.version', hostname: 'observer.hostname', ip: 'observer.ip', type: 'observer.type' },
  // Flattened JSON joins an array of addresses with commas: the first is the primary one. Some
  // CEF senders put a host name in `dvc`; it is no address, and observer.ip stays empty.
  { type: lower, ip: (v) => ipAddress(v.split(',')[0].trim()) },
);
const NETWORK = spec<Network>(
  { transport: 'network.transport', protocol: 'network.protocol', direction: 'network.direction' },
  { transport: lower, protocol: lower, direction: (v) => (DIRECTIONS.has(v.toLowerCase()) ? v.toLowerCase() : 'unknown') },
);
const REGISTRY = spec<Registry>({ path: 'registry.path', value: 'registry.value', data: 'registry.data.strings' });
// DNS names compare case-insensitively (RFC 4343); stored lower-case, a lookup is one `=`.
const DNS = spec<Dns>({ questionName: 'dns.question.name' }, { questionName: lower });
const HTTP = spec<Http>({ requestMethod: 'http.request.method', responseStatusCode: 'http.response.status_code' }, { requestMethod: upper, responseStatusCode: statusCode });
const CLOUD = spec<Cloud>({ provider: 'cloud.provider', accountId: 'cloud.account.id', region: 'cloud.region', serviceName: 'cloud.service.name' }, { provider: lower });

export function ecsParts(f: Fields): EcsParts {
  const fileHash = part(f, FILE_HASH);
  const file = part(f, FILE);
  return {
    code: f['event.code'] || null,
    provider: f['event.provider'] || null,
    observer: part(f, OBSERVER),
    network: part(f, NETWORK),
    file: file || fileHash ? { path: file?.path ?? null, name: file?.name ?? basename(file?.path), hash: fileHash } : null,
    registry: part(f, REGISTRY),
    dns: part(f, DNS),
    url: urlOf(f),
    http: part(f, HTTP),
    userAgent: f['user_agent.original'] || null,
    cloud: part(f, CLOUD),
  };
}

/** process.hash.* (the Process record's v2 hash). */
export function processHash(f: Fields): Hashes | null {
  return part(f, PROCESS_HASH);
}
