import type { Event } from '@quell/contracts';
import { IndicatorKind } from './indicator';
import { hostOfUrl, normalizeDomain, normalizeIp, normalizeUser } from './normalize-indicator';

/** Keys of `Event.original` searched for each kind of observable (normalized Event fields are always searched). */
export interface IntelFieldSpec {
  ip: readonly string[];
  domain: readonly string[];
  /** URLs: their host is looked up as a domain or an address. */
  url: readonly string[];
  /** Single hashes, or Sysmon's `SHA1=…,MD5=…,SHA256=…,IMPHASH=…` lists. */
  hash: readonly string[];
  user: readonly string[];
}

/**
 * Where the normalizer leaves these values: ECS names (JSON, Winlogbeat), OCSF paths, Sysmon
 * EventData names and the W3C proxy names that Sigma rules use.
 */
export const DEFAULT_INTEL_FIELDS: IntelFieldSpec = {
  ip: ['client.ip', 'server.ip', 'QueryResults'],
  domain: ['dns.question.name', 'QueryName', 'url.domain', 'destination.domain', 'DestinationHostname', 'server.domain', 'cs-host', 'query.hostname', 'http_request.url.hostname', 'dst_endpoint.domain'],
  url: ['url.original', 'url.full', 'c-uri', 'http_request.url.url_string', 'request'],
  hash: ['Hashes', 'Hash', 'hash.md5', 'hash.sha1', 'hash.sha256', 'file.hash.md5', 'file.hash.sha1', 'file.hash.sha256', 'process.hash.md5', 'process.hash.sha1', 'process.hash.sha256', 'md5', 'sha1', 'sha256'],
  user: ['SubjectUserName', 'TargetUserName', 'source.user.name', 'destination.user.name'],
};

/** One value of an event to look up: where it was found and its normalized form. */
export interface Observable {
  kind: IndicatorKind;
  field: string;
  value: string;
}

const HASH_NAMES = new Set(['MD5', 'SHA1', 'SHA256']);

/** Sysmon `Hashes` (`SHA1=…,MD5=…`; IMPHASH is an import hash, not a file hash, so it is left out) or one bare hash. */
function hashesOf(text: string): string[] {
  if (!text.includes('=')) return /^[0-9a-f]{32}$|^[0-9a-f]{40}$|^[0-9a-f]{64}$/i.test(text.trim()) ? [text.trim().toLowerCase()] : [];
  const out: string[] = [];
  for (const part of text.split(/[,;]/)) {
    const [name, value] = part.split('=', 2).map((s) => s.trim());
    if (value && HASH_NAMES.has(name.toUpperCase().replace(/-/g, ''))) out.push(value.toLowerCase());
  }
  return out;
}

/** Sysmon DNS `QueryResults` (`type:  5 cdn.example;::ffff:198.51.100.7;`) and plain lists hold several addresses. */
function addressesOf(text: string): string[] {
  return text
    .split(/[;,\s]+/)
    .map((part) => normalizeIp(part))
    .filter((ip): ip is string => ip !== undefined && !ip.includes('/'));
}

/** `CORP\alice` and `alice@corp.example` are also looked up as `alice`. */
function userNamesOf(text: string): string[] {
  const full = normalizeUser(text);
  if (!full) return [];
  const bare = full.includes('\\') ? full.slice(full.lastIndexOf('\\') + 1) : full.includes('@') ? full.slice(0, full.indexOf('@')) : full;
  return bare && bare !== full ? [full, bare] : [full];
}

/** Every observable of an event, each (kind, value) once: normalized fields first, then `original`. */
export function observablesOf(event: Event, fields: IntelFieldSpec = DEFAULT_INTEL_FIELDS): Observable[] {
  const out: Observable[] = [];
  const seen = new Set<string>();
  const add = (kind: IndicatorKind, field: string, value: string | undefined) => {
    if (value === undefined || value === '') return;
    const key = `${kind}|${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ kind, field, value });
  };
  const addHost = (field: string, host: string) => {
    const ip = normalizeIp(host);
    if (ip) add('ip', field, ip);
    else add('domain', field, normalizeDomain(host));
  };
  for (const [field, ip] of [['src.ip', event.src?.ip], ['dst.ip', event.dst?.ip], ['host.ip', event.host?.ip]] as const) {
    if (ip) add('ip', field, normalizeIp(ip));
  }
  if (event.user?.name) for (const name of userNamesOf(event.user.name)) add('user', 'user.name', name);
  const original = event.original;
  for (const key of fields.ip) if (original[key]) for (const ip of addressesOf(original[key])) add('ip', key, ip);
  for (const key of fields.domain) if (original[key]) addHost(key, original[key]);
  for (const key of fields.url) {
    const host = original[key] ? hostOfUrl(original[key]) : undefined;
    if (host) addHost(key, host);
  }
  for (const key of fields.hash) if (original[key]) for (const hash of hashesOf(original[key])) add('hash', key, hash);
  for (const key of fields.user) if (original[key]) for (const name of userNamesOf(original[key])) add('user', key, name);
  return out;
}
