import ipaddr from 'ipaddr.js';

/** What the inventory says about an asset; every field is optional. */
export interface AssetInfo {
  service?: string;
  owner?: string;
  criticality?: string;
  environment?: string;
}

/** One inventory line: a host name, or an address or CIDR range, and what it belongs to. */
export interface AssetEntry extends AssetInfo {
  host?: string;
  /** `10.1.2.3`, `10.1.0.0/16`, `2001:db8::/32`. */
  ip?: string;
}

/** What an event says about its host. */
export interface AssetKey {
  hostName?: string | null;
  ip?: string | null;
}

interface Range {
  kind: 'ipv4' | 'ipv6';
  network: ipaddr.IPv4 | ipaddr.IPv6;
  prefix: number;
  info: AssetInfo;
}

/** A range `10.0.0.0/8`, or a single address as a range of its full length (/32 or /128). */
export function parseRange(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (text.includes('/')) return ipaddr.parseCIDR(text);
  const address = ipaddr.process(text);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}

/**
 * The asset lookup. A host name match beats any address match (names are what owners maintain;
 * addresses move with DHCP); among address ranges the longest prefix wins, as in routing.
 */
export class AssetInventory {
  private readonly byHost = new Map<string, AssetInfo>();
  private readonly ranges: Range[] = [];

  constructor(entries: readonly AssetEntry[]) {
    for (const entry of entries) {
      const info = infoOf(entry);
      if (entry.host) this.byHost.set(entry.host.toLowerCase(), info);
      if (entry.ip) {
        const [network, prefix] = parseRange(entry.ip);
        this.ranges.push({ kind: network.kind(), network, prefix, info });
      }
    }
    // Longest prefix first, so the first range that matches is the most specific.
    this.ranges.sort((a, b) => b.prefix - a.prefix);
  }

  get size(): number {
    return this.byHost.size + this.ranges.length;
  }

  lookup(key: AssetKey): AssetInfo | undefined {
    const byName = key.hostName ? this.byHost.get(key.hostName.toLowerCase()) : undefined;
    if (byName) return byName;
    if (!key.ip || !ipaddr.isValid(key.ip)) return undefined;
    // process(): `::ffff:10.0.0.1` and `10.0.0.1` are one host, compared as IPv4.
    const address = ipaddr.process(key.ip);
    return this.ranges.find((r) => r.kind === address.kind() && address.match(r.network, r.prefix))?.info;
  }
}

function infoOf(entry: AssetEntry): AssetInfo {
  const info: AssetInfo = {};
  if (entry.service) info.service = entry.service;
  if (entry.owner) info.owner = entry.owner;
  if (entry.criticality) info.criticality = entry.criticality;
  if (entry.environment) info.environment = entry.environment;
  return info;
}
