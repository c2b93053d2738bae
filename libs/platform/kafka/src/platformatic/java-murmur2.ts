/**
 * Kafka's murmur2 (Java's `Utils.murmur2`, what its default partitioner and kafkajs's hash a key
 * with), in 32-bit integer arithmetic. @platformatic/kafka's own port computes it in BigInts whose
 * products grow with the key: 7.3% of the ingest's main thread in a bench profile, ~10 µs a record
 * (`npm run bench -- --only=distributed --quick --events=20000 --profile-stages=ingest`), and every
 * stage hashes every key it publishes. Same results (java-murmur2.spec.ts checks both against
 * Kafka's own test vectors and each other).
 */
export function javaMurmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  // The last one to three bytes (Java's switch falls through from case 3 to case 1).
  const rest = length & 3;
  if (rest > 0) {
    if (rest === 3) h ^= data[whole + 2] << 16;
    if (rest >= 2) h ^= data[whole + 1] << 8;
    h ^= data[whole];
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}
