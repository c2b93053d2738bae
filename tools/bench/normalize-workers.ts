// Probe: does handing normalization to worker threads free the all-in-one's main thread? For the
// pipeline bench's traffic mix in batches of 500 (the in-process bus's slice), the main thread's
// own CPU per event (process.threadCpuUsage), the whole process's, and the wall rate: inline, and through NormalizePool
// with 1 and 2 workers (postMessage of the raw text out, structured clone of the Events back),
// rounds alternated in the same run. Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/bench/normalize-workers.ts [rounds]
import type { RawEvent } from '@quell/contracts';
import { createLogger } from '@quell/platform-observability';
import { NormalizePool } from '@quell/service-normalizer';
import { quietRawEvents } from './pipeline/traffic-stream';

const rounds = Number(process.argv[2] ?? 3);
const BATCH = 500;
const EVENTS = 20_000;

function rawBatches(): RawEvent[][] {
  const raws = quietRawEvents(EVENTS, 'nw');
  return Array.from({ length: Math.ceil(raws.length / BATCH) }, (_, i) => raws.slice(i * BATCH, (i + 1) * BATCH));
}

/** Main-thread CPU µs per event and events/s for all batches, `inFlight` batches at a time (stages run side by side on the bus). */
async function measure(pool: NormalizePool, batches: RawEvent[][], inFlight: number): Promise<{ cpuUs: number; totalUs: number; perSec: number }> {
  const cpu = process.threadCpuUsage();
  const total = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < batches.length) await pool.normalize(batches[next++], Date.now());
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const used = process.threadCpuUsage(cpu);
  const all = process.cpuUsage(total);
  const events = batches.reduce((n, b) => n + b.length, 0);
  return { cpuUs: (used.user + used.system) / events, totalUs: (all.user + all.system) / events, perSec: events / ((performance.now() - started) / 1000) };
}

async function main(): Promise<void> {
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const batches = rawBatches();
  const pools = [0, 1, 2].map((size) => new NormalizePool(size, logger));
  for (const pool of pools) await measure(pool, batches.slice(0, 4), 2); // warm up (and start the workers)
  console.log(`node ${process.version}; ${EVENTS} events of the bench's traffic mix in batches of ${BATCH}; CPU µs per event on the main thread / in the whole process (workers and GC threads included), events/s (wall)`);
  for (let round = 1; round <= rounds; round++) {
    const cells: string[] = [];
    for (const pool of pools) {
      const { cpuUs, totalUs, perSec } = await measure(pool, batches, pool.size === 0 ? 1 : 2 * pool.size);
      cells.push(`${pool.size === 0 ? 'inline' : `${pool.size} worker${pool.size > 1 ? 's' : ''}`}: ${cpuUs.toFixed(1)} / ${totalUs.toFixed(1)} µs, ${Math.round(perSec).toLocaleString('en-US')}/s`);
    }
    console.log(`round ${round}  ${cells.join('   ')}`);
  }
  await Promise.all(pools.map((pool) => pool.close()));
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
