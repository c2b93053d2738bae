import { randomBytes } from 'node:crypto';
import { murmur2 } from '@platformatic/kafka';
import { javaMurmur2 } from './java-murmur2';
import { JAVA_COMPATIBLE_PARTITIONER } from './platformatic-client';

describe('javaMurmur2', () => {
  it("gives Kafka's own test vectors (clients' UtilsTest.testMurmur2)", () => {
    const cases: [string, number][] = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of cases) expect([key, javaMurmur2(Buffer.from(key))]).toEqual([key, hash]);
  });

  it("agrees with @platformatic/kafka's port on random keys of every length up to 200 bytes", () => {
    for (let length = 0; length <= 200; length++) {
      for (let i = 0; i < 20; i++) {
        const key = randomBytes(length);
        expect(javaMurmur2(key)).toBe(murmur2(key));
      }
    }
    // Non-ASCII keys as the bus encodes them (UTF-8).
    for (const key of ['dc01.acme.local', 'hôte-ünïcode', '主机-7', '😀-host']) expect(javaMurmur2(Buffer.from(key))).toBe(murmur2(Buffer.from(key)));
  });

  it('places a key as the compatible partitioner does: non-negative, the same partition', () => {
    for (let i = 0; i < 2_000; i++) {
      const key = randomBytes(1 + (i % 60));
      const partition = JAVA_COMPATIBLE_PARTITIONER({ topic: 't', key }, key, { metadata: undefined as never });
      expect(partition).toBeGreaterThanOrEqual(0);
      expect(partition).toBe(murmur2(key) & 0x7fffffff);
    }
  });
});
