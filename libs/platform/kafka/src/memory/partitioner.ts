/** Stable key → partition; records without a key spread round-robin. */
let roundRobin = 0;
export function partitionForKey(key: string | null, partitions: number): number {
  if (key === null) {
    roundRobin = (roundRobin + 1) % partitions;
    return roundRobin;
  }
  // FNV-1a over the key's UTF-16 code units, then murmur3's finalizer so that the low bits taken by
  // the modulo are well mixed. Only this bus reads these partitions, so any stable spread will do:
  // the MD5 it used before took a quarter of the bus's CPU, one hash object per record.
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return ((hash ^ (hash >>> 16)) >>> 0) % partitions;
}
