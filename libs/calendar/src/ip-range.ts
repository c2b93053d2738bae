import ipaddr from 'ipaddr.js';

/** A parsed address or CIDR range; a single address is a range of its full length. */
export interface IpRange {
  network: ipaddr.IPv4 | ipaddr.IPv6;
  prefix: number;
}

/** `10.0.0.0/8`, `2001:db8::/32` or one address; IPv4-mapped IPv6 is read as IPv4. Throws on anything else. */
export function parseIpRange(text: string): IpRange {
  if (text.includes('/')) {
    const [network, prefix] = ipaddr.parseCIDR(text);
    if (network.kind() === 'ipv6' && (network as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96) {
      return { network: (network as ipaddr.IPv6).toIPv4Address(), prefix: prefix - 96 };
    }
    return { network, prefix };
  }
  const address = ipaddr.process(text);
  return { network: address, prefix: address.kind() === 'ipv4' ? 32 : 128 };
}

export function isIpRange(text: string): boolean {
  try {
    parseIpRange(text);
    return true;
  } catch {
    return false;
  }
}

/** Whether an address lies in the range; false for anything that is not an address. */
export function ipInRange(range: IpRange, address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.kind() === range.network.kind() && parsed.match(range.network, range.prefix);
}
