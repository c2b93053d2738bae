// Deduper state cost over a real Redis: alerts/s through DedupWindows with the whole batch (one
// read and one conditional write per batch, as the handler does) beside one alert at a time (two
// round trips per alert), on the same server in the same run.
// Run: REDIS_URL=redis://… SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register libs/services/deduper/bench/dedup-throughput.ts [alerts] [fingerprints] [batch]
import { randomUUID } from 'node:crypto';
import { createRedisClient } from '@quell/platform-redis';
import { RedisDocumentStore } from '@quell/platform-state';
import { DedupWindows, type FingerprintOccurrence } from '../src/dedup-windows';

const alerts = Number(process.argv[2] ?? 20_000);
const fingerprints = Number(process.argv[3] ?? 2_000);
const batchSize = Number(process.argv[4] ?? 500);
const url = process.env['REDIS_URL'];
if (!url) throw new Error('set REDIS_URL to the Redis server to measure against');

const occurrences: FingerprintOccurrence[] = Array.from({ length: alerts }, (_, i) => ({
  tenant: `tenant-${i % 4}`,
  fingerprint: `fp-${(i * 7919) % fingerprints}`,
  id: `alert-${i}`,
  at: 1_700_000_000_000 + i,
}));

async function measure(name: string, run: (windows: DedupWindows) => Promise<void>): Promise<void> {
  const redis = createRedisClient(url as string);
  const windows = new DedupWindows(new RedisDocumentStore(redis, `bench-${randomUUID()}:`), { windowMs: 60_000, flapReturns: 3, flapWindowMs: 3_600_000 });
  const started = process.hrtime.bigint();
  await run(windows);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${name.padEnd(28)} ${String(Math.round(alerts / seconds)).padStart(8)} alerts/s  (${alerts} alerts, ${fingerprints} fingerprints, ${seconds.toFixed(2)} s)`);
  await redis.quit();
}

async function main(): Promise<void> {
  await measure('one alert at a time', async (windows) => {
    for (const occurrence of occurrences) await windows.observe([occurrence]);
  });
  await measure(`batches of ${batchSize}`, async (windows) => {
    for (let i = 0; i < occurrences.length; i += batchSize) await windows.observe(occurrences.slice(i, i + batchSize));
  });
}

void main();
