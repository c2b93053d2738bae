import { createHash } from 'node:crypto';

/** Stable key → partition; records without a key spread round-robin. */
let roundRobin = 0;
export function partitionForKey(key: string | null, partitions: number): number {
  if (key === null) {
    roundRobin = (roundRobin + 1) % partitions;
    return roundRobin;
  }
  return createHash('md5').update(key).digest().readUInt32BE(0) % partitions;
}
