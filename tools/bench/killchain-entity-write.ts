// Probe: what writing one kill-chain entity's state costs, by its entry count: the snapshot
// stringified whole (the former write) beside writeEntityJson's splice of cached entry JSON (the
// correlator's), one new entry between writes as a busy entity gets. Rounds alternate; µs per
// write. Not a test: it prints.
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

/** µs per write of an entity holding `entries` entries, one entry added before each write. */
function microsPerWrite(entries: number, asJson: boolean): { micros: number; bytes: number } {
  const tracker = new KillChainTracker({ clock: () => T0, maxEntriesPerEntity: entries, threshold: 99 });
  for (let i = 0; i < entries; i++) tracker.process(input(i));
  tracker.takeChangesAsJson();
  let bytes = 0;
  let micros = 0;
  for (let i = entries; i < entries + WRITES; i++) {
    tracker.process(input(i));
    const started = performance.now();
    const changed = asJson ? [...tracker.takeChangesAsJson().changed.values()] : [...tracker.takeChanges().changed.values()].map((entity) => JSON.stringify(entity));
    micros += (performance.now() - started) * 1_000;
    bytes += changed.reduce((total, json) => total + json.length, 0);
  }
  return { micros: micros / WRITES, bytes: bytes / WRITES };
}

console.log('entries  bytes per write  stringified µs (each round)  spliced µs (each round)');
for (const entries of [10, 100, 1_000]) {
  const whole: string[] = [];
  const spliced: string[] = [];
  let bytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    whole.push(microsPerWrite(entries, false).micros.toFixed(0));
    const json = microsPerWrite(entries, true);
    spliced.push(json.micros.toFixed(0));
    bytes = json.bytes;
  }
  console.log(`${String(entries).padEnd(9)}${String(Math.round(bytes)).padEnd(17)}${whole.join(' / ').padEnd(29)}${spliced.join(' / ')}`);
}
