/**
 * A strict dotted-quad IPv4 address (decimal, no leading zeros) as a 32-bit unsigned number, or
 * undefined. Parsed by hand, character by character: this runs for every address of every event,
 * and ipaddr.js's general parser is many times slower.
 */
export function ipv4Bits(text: string): number | undefined {
  let bits = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return undefined; // leading zero
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return undefined;
    } else if (c === 46 && digits > 0 && dots < 3) {
      bits = bits * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else return undefined;
  }
  return dots === 3 && digits > 0 ? bits * 256 + octet : undefined;
}

export function ipv4Text(bits: number): string {
  return `${bits >>> 24}.${(bits >>> 16) & 255}.${(bits >>> 8) & 255}.${bits & 255}`;
}
