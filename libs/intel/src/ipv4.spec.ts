import { ipv4Bits, ipv4Text } from './ipv4';

describe('ipv4Bits', () => {
  it('reads strict dotted quads', () => {
    expect(ipv4Bits('0.0.0.0')).toBe(0);
    expect(ipv4Bits('255.255.255.255')).toBe(0xffffffff);
    expect(ipv4Bits('198.51.100.7')).toBe(0xc6336407);
    expect(ipv4Text(0xc6336407)).toBe('198.51.100.7');
  });

  it('refuses everything else', () => {
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.256', '1..2.3', '1.2.3.', '.1.2.3', '1.2.3.4 ', 'a.b.c.d', '1.2.3.1000', '0x1.2.3.4']) expect(ipv4Bits(bad)).toBeUndefined();
  });
});
