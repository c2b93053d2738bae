// Probe: lookups per second through the first-seen evaluator's cache of known pairs (KnownPairs,
// 100,000 pairs by default) when more distinct pairs flow than it holds, so that nearly every
// lookup misses and evicts, and when they all fit; beside an unbounded Map doing the same reads and
// writes in the same run, the floor. Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register libs/anomaly/bench/known-pairs.bench.ts [capacity] [lookups]
import { KnownPairs } from '../src/known-pairs';

const CAPACITY = Number(process.argv[2] ?? 100_000);
const LOOKUPS = Number(process.argv[3] ?? 2_000_000);
const ROUNDS = 3;

interface PairCache {
  seenSince(key: string, since: number): boolean;
  remember(key: string, at: number): void;
}

/** The floor: the same calls on a Map that never forgets. */
class UnboundedPairs implements PairCache {
  private readonly lastSeen = new Map<string, number>();
  seenSince(key: string, since: number): boolean {
    const at = this.lastSeen.get(key);
    return at !== undefined && at >= since;
  }
  remember(key: string, at: number): void {
    this.lastSeen.set(key, Math.max(this.lastSeen.get(key) ?? at, at));
  }
}

/** Lookups per second of the evaluator's pattern: a pair not known lately is looked up, then remembered. */
function lookupsPerSec(cache: PairCache, keys: readonly string[]): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < LOOKUPS; i++) {
    // A stride prime to the key count visits every pair in a scattered order.
    const key = keys[(i * 7_919) % keys.length];
    if (!cache.seenSince(key, i - 1_000)) cache.remember(key, i);
  }
  return LOOKUPS / (Number(process.hrtime.bigint() - started) / 1e9);
}

const pairs = (count: number) => Array.from({ length: count }, (_, i) => `acme\u0000host-${i % 2_000}\u0000user-${i}`);
const cases = [
  { name: `3 × capacity distinct pairs (${(3 * CAPACITY).toLocaleString('en')})`, keys: pairs(3 * CAPACITY) },
  { name: `half the capacity (${(CAPACITY / 2).toLocaleString('en')})`, keys: pairs(CAPACITY / 2) },
];

console.log(`KnownPairs(${CAPACITY.toLocaleString('en')}), ${LOOKUPS.toLocaleString('en')} lookups per run, ${ROUNDS} rounds`);
for (const { name, keys } of cases) {
  for (let round = 1; round <= ROUNDS; round++) {
    const known = lookupsPerSec(new KnownPairs(CAPACITY), keys);
    const floor = lookupsPerSec(new UnboundedPairs(), keys);
    const format = (n: number) => Math.round(n).toLocaleString('en').padStart(11);
    console.log(`${name.padEnd(36)} round ${round}: KnownPairs ${format(known)}/s   unbounded Map ${format(floor)}/s   ${Math.round((100 * known) / floor)}%`);
  }
}
