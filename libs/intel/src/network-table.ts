import ipaddr from 'ipaddr.js';
import { ipv4Bits } from './ipv4';

/**
 * Addresses and CIDR networks with a lookup that costs one Map probe per distinct prefix length
 * in use (at most 33 for IPv4 and 129 for IPv6), never a scan over every network.
 */
export class NetworkTable<T> {
  private readonly v4 = new Map<number, Map<number, T[]>>();
  private readonly v6 = new Map<number, Map<bigint, T[]>>();
  private v4Lengths: number[] = [];
  private v6Lengths: number[] = [];

  /** `text` is an address or `network/prefix`; returns false when it is neither. */
  add(text: string, value: T): boolean {
    const parsed = parseNetwork(text);
    if (!parsed) return false;
    if (parsed.kind === 'ipv4') {
      if (!this.v4.has(parsed.prefix)) this.v4Lengths = [...this.v4Lengths, parsed.prefix].sort((a, b) => b - a);
      push(bucket(this.v4, parsed.prefix), maskV4(parsed.bits as number, parsed.prefix), value);
    } else {
      if (!this.v6.has(parsed.prefix)) this.v6Lengths = [...this.v6Lengths, parsed.prefix].sort((a, b) => b - a);
      push(bucket(this.v6, parsed.prefix), maskV6(parsed.bits as bigint, parsed.prefix), value);
    }
    return true;
  }

  /** Every entry whose network contains the address, most specific first; [] for a non-address. */
  lookup(address: string): T[] {
    const parsed = parseNetwork(address);
    if (!parsed || parsed.prefix !== (parsed.kind === 'ipv4' ? 32 : 128)) return [];
    const out: T[] = [];
    if (parsed.kind === 'ipv4') {
      for (const length of this.v4Lengths) {
        const hit = this.v4.get(length)?.get(maskV4(parsed.bits as number, length));
        if (hit) out.push(...hit);
      }
    } else {
      for (const length of this.v6Lengths) {
        const hit = this.v6.get(length)?.get(maskV6(parsed.bits as bigint, length));
        if (hit) out.push(...hit);
      }
    }
    return out;
  }
}

function bucket<K>(byLength: Map<number, Map<K, unknown[]>>, prefix: number): Map<K, unknown[]> {
  let map = byLength.get(prefix);
  if (!map) byLength.set(prefix, (map = new Map()));
  return map;
}

function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function maskV4(bits: number, prefix: number): number {
  return prefix === 0 ? 0 : (bits & ((0xffffffff << (32 - prefix)) >>> 0)) >>> 0;
}

const ALL_V6 = (1n << 128n) - 1n;
function maskV6(bits: bigint, prefix: number): bigint {
  return bits & ((ALL_V6 << BigInt(128 - prefix)) & ALL_V6);
}

interface ParsedNetwork {
  kind: 'ipv4' | 'ipv6';
  bits: number | bigint;
  prefix: number;
}

/** IPv4-mapped IPv6 addresses are looked up as IPv4. */
function parseNetwork(text: string): ParsedNetwork | undefined {
  if (!text.includes(':')) {
    const slash = text.indexOf('/');
    const bits = ipv4Bits(slash < 0 ? text : text.slice(0, slash));
    const prefix = slash < 0 ? 32 : Number(text.slice(slash + 1));
    return bits === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32 ? undefined : { kind: 'ipv4', bits, prefix };
  }
  try {
    let addr: ipaddr.IPv4 | ipaddr.IPv6;
    let prefix: number;
    if (text.includes('/')) [addr, prefix] = ipaddr.parseCIDR(text);
    else {
      if (!(text.includes(':') ? ipaddr.IPv6.isValid(text) : ipaddr.IPv4.isValidFourPartDecimal(text))) return undefined;
      addr = ipaddr.parse(text);
      prefix = addr.kind() === 'ipv4' ? 32 : 128;
    }
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96) {
      addr = (addr as ipaddr.IPv6).toIPv4Address();
      prefix -= 96;
    }
    const bytes = addr.toByteArray();
    if (addr.kind() === 'ipv4') return { kind: 'ipv4', bits: ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0, prefix };
    let bits = 0n;
    for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
    return { kind: 'ipv6', bits, prefix };
  } catch {
    return undefined;
  }
}
