// Probe: what writing one kill-chain entity's state costs, by its entry count, one new entry
// between writes as a busy entity gets: the layout before chunks (the entity's snapshot as one
// value, stringified whole here; the correlator spliced cached entry JSON, 170–184 µs at 1,000)
// beside the chunked layout the correlator writes now (takeStoredChanges: the head, the open chunk
// and the chunk pruning took from). Rounds alternate; bytes and µs per write. Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/bench/killchain-entity-write.ts [rounds]
import { KillChainTracker, type KillChainInput } from '@quell/killchain';

const ROUNDS = Number(process.argv[2] ?? 3);
const WRITES = 300;
const TACTICS = ['initial-access', 'execution', 'persistence', 'discovery', 'lateral-movement', 'collection'];
const T0 = Date.parse('2026-12-01T00:00:00Z');

function input(i: number): KillChainInput {
  return {
    tenant: 'bench',
    alertId: `alert-${i}-${'x'.repeat(24)}`,
    ruleId: `rule-${i % 40}-${'y'.repeat(30)}`,
    ruleTitle: `Suspicious activity number ${i % 40} seen on a host`,
    time: T0 + i * 1_000,
    tactics: [TACTICS[i % TACTICS.length]],
    entities: [{ type: 'user', value: 'Administrator' }],
    evidenceId: `event-${i}`,
  };
}

/** Bytes and µs per write of an entity holding `entries` entries, one entry added before each write. */
function perWrite(entries: number, chunked: boolean): { micros: number; bytes: number } {
  const tracker = new KillChainTracker({ clock: () => T0, maxEntriesPerEntity: entries, threshold: 99 });
  for (let i = 0; i < entries; i++) tracker.process(input(i));
  tracker.takeStoredChanges();
  let bytes = 0;
  let micros = 0;
  for (let i = entries; i < entries + WRITES; i++) {
    tracker.process(input(i));
    const started = performance.now();
    const written = chunked ? [...tracker.takeStoredChanges().changed.values()] : tracker.snapshot().entities.map((entity) => JSON.stringify(entity));
    micros += (performance.now() - started) * 1_000;
    bytes += written.reduce((total, json) => total + json.length, 0);
  }
  return { micros: micros / WRITES, bytes: bytes / WRITES };
}

console.log('entries  whole: bytes  µs (each round)        chunked: bytes  µs (each round)');
for (const entries of [10, 100, 1_000]) {
  const whole: string[] = [];
  const chunked: string[] = [];
  let [wholeBytes, chunkedBytes] = [0, 0];
  for (let round = 0; round < ROUNDS; round++) {
    const before = perWrite(entries, false);
    whole.push(before.micros.toFixed(0));
    wholeBytes = before.bytes;
    const after = perWrite(entries, true);
    chunked.push(after.micros.toFixed(0));
    chunkedBytes = after.bytes;
  }
  console.log(`${String(entries).padEnd(9)}${String(Math.round(wholeBytes)).padEnd(14)}${whole.join(' / ').padEnd(24)}${String(Math.round(chunkedBytes)).padEnd(16)}${chunked.join(' / ')}`);
}
