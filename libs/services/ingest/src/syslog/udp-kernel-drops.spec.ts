import { kernelUdpDrops } from './udp-kernel-drops';

const TABLE = [
  '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops            ',
  '  481: 00000000:4843 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 81234 2 0000000000000000 1567     ',
  '  482: 0100007F:1F90 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 81235 2 0000000000000000 9        ',
  '',
].join('\n');

describe('kernelUdpDrops', () => {
  it('sums the drops column of the sockets bound to the port (hex in /proc/net/udp)', () => {
    expect(kernelUdpDrops(0x4843, TABLE)).toBe(1567);
    expect(kernelUdpDrops(8080, TABLE)).toBe(9);
    expect(kernelUdpDrops(514, TABLE)).toBe(0);
  });
});
