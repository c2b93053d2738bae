import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';
import { IndicatorKind } from './indicator';
import { ipv4Bits, ipv4Text } from './ipv4';

/** Type names accepted in lists (CSV `type` column, JSON `type`), mapped to a kind. */
const KIND_ALIASES: Record<string, IndicatorKind | 'url'> = {
  ip: 'ip', ipv4: 'ip', ipv6: 'ip', 'ipv4-addr': 'ip', 'ipv6-addr': 'ip', 'ip-src': 'ip', 'ip-dst': 'ip', cidr: 'ip', network: 'ip', address: 'ip',
  domain: 'domain', 'domain-name': 'domain', hostname: 'domain', fqdn: 'domain', host: 'domain',
  url: 'url', uri: 'url',
  hash: 'hash', md5: 'hash', sha1: 'hash', 'sha-1': 'hash', sha256: 'hash', 'sha-256': 'hash', 'file-hash': 'hash', filehash: 'hash',
  user: 'user', username: 'user', 'user-name': 'user', 'user-account': 'user', account: 'user', login: 'user',
};

const HASH_LENGTHS: Record<string, number> = { md5: 32, sha1: 40, 'sha-1': 40, sha256: 64, 'sha-256': 64 };

/** The kind a list type name stands for; `url` is read as the domain (or address) of its host. */
export function kindOf(typeName: string): IndicatorKind | 'url' | undefined {
  return KIND_ALIASES[typeName.trim().toLowerCase()];
}

export type Normalized = { ok: true; kind: IndicatorKind; value: string } | { ok: false; reason: string };

const fail = (reason: string): Normalized => ({ ok: false, reason });

/** Canonical text of an address or network; IPv4-mapped IPv6 becomes IPv4; a full-length prefix is the address. */
export function normalizeIp(text: string): string | undefined {
  const value = text.trim();
  if (!value.includes(':')) return normalizeIpv4(value);
  if (!strictAddress(value.split('/')[0])) return undefined;
  try {
    if (value.includes('/')) {
      const [addr, prefix] = ipaddr.parseCIDR(value);
      const plain = addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96 ? [(addr as ipaddr.IPv6).toIPv4Address(), prefix - 96] as const : [addr, prefix] as const;
      const bits = plain[0].kind() === 'ipv4' ? 32 : 128;
      if (plain[1] === bits) return plain[0].toString();
      const network = ipaddr.fromByteArray(maskBytes(plain[0].toByteArray(), plain[1]));
      return `${network.toString()}/${plain[1]}`;
    }
    return ipaddr.process(value).toString();
  } catch {
    return undefined;
  }
}

/** IPv4 without ipaddr.js: the hot path for event addresses. */
function normalizeIpv4(value: string): string | undefined {
  const slash = value.indexOf('/');
  if (slash < 0) return ipv4Bits(value) === undefined ? undefined : value;
  const bits = ipv4Bits(value.slice(0, slash));
  const prefixText = value.slice(slash + 1);
  if (bits === undefined || !/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) return undefined;
  const prefix = Number(prefixText);
  if (prefix === 32) return ipv4Text(bits);
  const network = prefix === 0 ? 0 : (bits & ((0xffffffff << (32 - prefix)) >>> 0)) >>> 0;
  return `${ipv4Text(network)}/${prefix}`;
}

/** Only dotted-quad IPv4 (ipaddr.js alone would also take "10" or hex forms) and standard IPv6. */
function strictAddress(text: string): boolean {
  return text.includes(':') ? ipaddr.IPv6.isValid(text) : ipaddr.IPv4.isValidFourPartDecimal(text);
}

function maskBytes(bytes: number[], prefix: number): number[] {
  return bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
}

/** Lower-case ASCII (punycode) domain without a trailing dot; undefined when it is not a host name. */
export function normalizeDomain(text: string): string | undefined {
  const trimmed = text.trim().replace(/\.$/, '').toLowerCase();
  if (trimmed === '' || trimmed.length > 253 || /[\s/:@*]/.test(trimmed)) return undefined;
  // Plain ASCII names are already what domainToASCII would return; only IDNs need it.
  const ascii = /^[a-z0-9._-]+$/.test(trimmed) ? trimmed : domainToASCII(trimmed);
  if (ascii === '' || ascii.split('.').some((label) => label === '' || label.length > 63)) return undefined;
  return ascii;
}

/** The host of a URL (scheme required), or undefined. */
export function hostOfUrl(text: string): string | undefined {
  const value = text.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  try {
    const host = new URL(value).hostname;
    return host.startsWith('[') ? host.slice(1, -1) : host || undefined;
  } catch {
    return undefined;
  }
}

/** User names compare case-insensitively. */
export function normalizeUser(text: string): string | undefined {
  const value = text.trim().toLowerCase();
  return value === '' ? undefined : value;
}

/** A host (from a URL or a list) is an address when it parses as one, else a domain. */
function hostIndicator(host: string, subdomains: boolean): Normalized {
  const ip = normalizeIp(host);
  if (ip) return { ok: true, kind: 'ip', value: ip };
  const domain = normalizeDomain(host);
  if (!domain) return fail(`"${host}" is not a domain name`);
  return { ok: true, kind: 'domain', value: subdomains ? `*.${domain}` : domain };
}

/**
 * One list entry → a normalized indicator. `typeName` is the list's type word (ip, cidr, domain,
 * url, md5, sha256, user …); a domain covers its subdomains when written `*.name` or flagged.
 */
export function normalizeIndicator(typeName: string, rawValue: string, options: { subdomains?: boolean } = {}): Normalized {
  const kind = kindOf(typeName);
  if (!kind) return fail(`unknown indicator type "${typeName}"`);
  const value = rawValue.trim();
  if (value === '') return fail('empty value');
  switch (kind) {
    case 'ip': {
      const ip = normalizeIp(value);
      return ip ? { ok: true, kind, value: ip } : fail(`"${value}" is not an IP address or CIDR network`);
    }
    case 'domain': {
      const wildcard = value.startsWith('*.');
      const result = hostIndicator(wildcard ? value.slice(2) : value, wildcard || options.subdomains === true);
      return result.ok && result.kind !== 'domain' ? fail(`"${value}" is an IP address, not a domain`) : result;
    }
    case 'url': {
      const host = hostOfUrl(value);
      return host ? hostIndicator(host, false) : fail(`"${value}" is not an absolute URL`);
    }
    case 'hash': {
      const hex = value.toLowerCase();
      if (!/^[0-9a-f]+$/.test(hex)) return fail(`"${value}" is not a hexadecimal hash`);
      const want = HASH_LENGTHS[typeName.trim().toLowerCase()];
      if (want !== undefined && hex.length !== want) return fail(`a ${typeName} hash has ${want} hex digits, "${value}" has ${hex.length}`);
      if (![32, 40, 64].includes(hex.length)) return fail(`"${value}" is not an MD5, SHA-1 or SHA-256 hash (${hex.length} hex digits)`);
      return { ok: true, kind, value: hex };
    }
    case 'user': {
      const user = normalizeUser(value);
      return user ? { ok: true, kind, value: user } : fail('empty user name');
    }
  }
}
