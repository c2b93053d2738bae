// Probe: alerts per second through KillChainTracker with many active entities, and heap per
// entity, beside a baseline loop that only bumps a Map counter per entity over the same alerts.
// Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node --expose-gc -r @swc-node/register libs/killchain/bench/killchain-throughput.bench.ts [hosts] [alerts]
import { KillChainTracker, TACTIC_ORDER, type KillChainInput } from '../src';

const HOSTS = Number(process.argv[2] ?? 100_000);
const ALERTS = Number(process.argv[3] ?? 1_000_000);
const SECOND = 1000;

// One alert per second of event time, each about a host and one of 50 users; tactics cycle so
// that every host reaches the threshold now and then and opens episodes.
const inputs: KillChainInput[] = Array.from({ length: ALERTS }, (_, n) => ({
  tenant: 't',
  alertId: `a${n}`,
  ruleId: `r${n % 40}`,
  ruleTitle: `Rule ${n % 40}`,
  time: n * SECOND,
  tactics: [TACTIC_ORDER[(n * 7) % TACTIC_ORDER.length]],
  entities: [
    { type: 'host', value: `host-${n % HOSTS}` },
    { type: 'user', value: `user-${n % 50}` },
  ],
}));

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run node with --expose-gc');
  collect();
  collect();
}

gc();
const heapBefore = process.memoryUsage().heapUsed;
const tracker = new KillChainTracker({ clock: () => 0 });
let opened = 0;
let updated = 0;
let started = performance.now();
for (const input of inputs) {
  for (const result of tracker.process(input)) {
    if (result.kind === 'opened') opened++;
    else updated++;
  }
}
const trackMs = performance.now() - started;
gc();
const heap = process.memoryUsage().heapUsed - heapBefore;

started = performance.now();
const counts = new Map<string, number>();
for (const input of inputs) for (const e of input.entities) counts.set(`${e.type}:${e.value}`, (counts.get(`${e.type}:${e.value}`) ?? 0) + 1);
const baselineMs = performance.now() - started;

const rate = (ms: number) => Math.round(ALERTS / (ms / 1000)).toLocaleString('en-US');
console.log(`alerts: ${ALERTS.toLocaleString('en-US')} over ${(ALERTS / 3600).toFixed(0)} h of event time, ${HOSTS.toLocaleString('en-US')} hosts + 50 users; window 24 h, threshold 3`);
console.log(`baseline (Map counter per entity): ${rate(baselineMs)} alerts/s`);
console.log(`KillChainTracker:                  ${rate(trackMs)} alerts/s; ${opened.toLocaleString('en-US')} opened, ${updated.toLocaleString('en-US')} updated`);
console.log(`active entities: ${tracker.activeEntities.toLocaleString('en-US')}; heap ${(heap / 1024 / 1024).toFixed(1)} MiB, ${Math.round(heap / tracker.activeEntities)} bytes per entity`);
