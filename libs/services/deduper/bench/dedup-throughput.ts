// Dedup cost over a real Redis, in one run: alerts/s through the deduper's handler (fingerprint,
// window fold, one read and one conditional write per batch, one record per alert id) beside a
// pass-through handler that publishes every alert as it came, and the same handler over the
// in-memory store; the Redis round trips per batch (pipelines and single commands, counted on the
// client); and Redis memory per fingerprint (MEMORY USAGE of every window document the run wrote,
// and of one hot fingerprint whose window holds its full list of remembered ids).
// Every path ends with the outputs encoded as Avro, as the bus does before publishing; the broker is
// left out: this measures what dedup adds to a batch, not Kafka.
// Run: REDIS_URL=redis://… SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register libs/services/deduper/bench/dedup-throughput.ts [alerts] [fingerprints] [batch] [rounds]
import { randomUUID } from 'node:crypto';
import { AvroCodec, topicsFor, type Alert } from '@quell/contracts';
import type { EncodableValue, InboundRecord, OutboundRecord } from '@quell/platform-kafka';
import { createRedisClient, type RedisClient } from '@quell/platform-redis';
import { InMemoryDocumentStore, RedisDocumentStore, type DocumentStore } from '@quell/platform-state';
import type { DeduperConfig } from '../src/config';
import { ScreenedAlertsHandler } from '../src/screened-alerts.handler';
import { stormAlert } from '../src/test/deduper-run';

const alerts = Number(process.argv[2] ?? 50_000);
const fingerprints = Number(process.argv[3] ?? 5_000);
const batchSize = Number(process.argv[4] ?? 500);
const rounds = Number(process.argv[5] ?? 2);
const url = process.env['REDIS_URL'];
if (!url) throw new Error('set REDIS_URL to the Redis server to measure against');

const codec = new AvroCodec();
const topics = topicsFor('bench.');
const config = { DEDUP_WINDOW_MS: 3_600_000, DEDUP_FLAP_RETURNS: 3, DEDUP_FLAP_WINDOW_MS: 6 * 3_600_000 } as DeduperConfig;
const T0 = Date.UTC(2026, 0, 1);

/** Alerts spread over `fingerprints` fingerprints and four tenants, in batches as the consumer hands them over. */
function batchesOf(run: string): InboundRecord<Alert>[][] {
  const records = Array.from({ length: alerts }, (_, i): InboundRecord<Alert> => {
    const value = { ...stormAlert(`${run}-${i}`, T0 + i, `fp-${(i * 7919) % fingerprints}`), tenant: `tenant-${i % 4}` };
    return { topic: 'screened', partition: 0, offset: String(i), key: value.fingerprint, value, headers: {}, timestamp: 0 };
  });
  return Array.from({ length: Math.ceil(alerts / batchSize) }, (_, b) => records.slice(b * batchSize, (b + 1) * batchSize));
}

type Handle = (batch: InboundRecord<Alert>[]) => Promise<OutboundRecord[]>;

const passThrough: Handle = async (batch) =>
  batch.map(({ value }) => ({ topic: topics.alertsUnique, key: value.fingerprint, value: codec.encodable('Alert', value) }));

async function timed(handle: Handle, batches: InboundRecord<Alert>[][]): Promise<{ seconds: number; published: number }> {
  let published = 0;
  const started = process.hrtime.bigint();
  for (const batch of batches) {
    for (const output of await handle(batch)) {
      codec.encode('Alert', (output.value as EncodableValue).object as Alert);
      published += 1;
    }
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, published };
}

/** Counts what the client sends as round trips: each pipeline once, each command outside a pipeline once. */
function countRoundTrips(redis: RedisClient): { trips: number } {
  const counter = { trips: 0 };
  const client = redis as unknown as { sendCommand: (...args: unknown[]) => unknown; pipeline: (...args: unknown[]) => { exec: () => Promise<unknown> } };
  const send = client.sendCommand.bind(client);
  client.sendCommand = (...args: unknown[]) => {
    if (args[1] === undefined) counter.trips += 1; // a pipeline passes its stream; a lone command does not
    return send(...args);
  };
  const pipeline = client.pipeline.bind(client);
  client.pipeline = (...args: unknown[]) => {
    const made = pipeline(...args);
    const exec = made.exec.bind(made);
    made.exec = () => ((counter.trips += 1), exec());
    return made;
  };
  return counter;
}

async function memoryPerDocument(redis: RedisClient, prefix: string): Promise<{ documents: number; bytes: number }> {
  let cursor = '0';
  let documents = 0;
  let bytes = 0;
  do {
    const [next, keys] = await (redis as import('ioredis').Redis).scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      documents += 1;
      bytes += Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
    }
  } while (cursor !== '0');
  return { documents, bytes };
}

function report(name: string, result: { seconds: number; published: number }, baseline?: number): number {
  const rate = alerts / result.seconds;
  const ratio = baseline ? `  ${(rate / baseline).toFixed(3)} of pass-through` : '';
  console.log(`${name.padEnd(26)} ${String(Math.round(rate)).padStart(9)} alerts/s  ${String(result.published).padStart(7)} records published${ratio}`);
  return rate;
}

async function main(): Promise<void> {
  console.log(`${alerts} alerts, ${fingerprints} fingerprints over 4 tenants, batches of ${batchSize}, ${rounds} rounds (each a fresh key prefix)`);
  const redis = createRedisClient(url as string);
  const trips = countRoundTrips(redis);
  for (let round = 1; round <= rounds; round += 1) {
    const batches = batchesOf(`r${round}`);
    const handlerOver = (store: DocumentStore): Handle => {
      const handler = new ScreenedAlertsHandler(codec, topics, store, config);
      return (batch) => handler.handle(batch);
    };
    console.log(`round ${round}`);
    const baseline = report('pass-through', await timed(passThrough, batches));
    report('dedup, in-memory store', await timed(handlerOver(new InMemoryDocumentStore()), batches), baseline);
    const prefix = `bench-${randomUUID()}:`;
    trips.trips = 0;
    report('dedup, Redis', await timed(handlerOver(new RedisDocumentStore(redis, prefix)), batches), baseline);
    // The store sends one pipeline per tenant, the tenants' concurrently: 2 per tenant is one read and one write.
    console.log(`  Redis round trips per batch: ${(trips.trips / batches.length).toFixed(2)} (${trips.trips} for ${batches.length} batches of 4 tenants)`);
    const memory = await memoryPerDocument(redis, prefix);
    console.log(`  Redis memory: ${memory.documents} window documents, ${Math.round(memory.bytes / memory.documents)} bytes per fingerprint (MEMORY USAGE)`);
  }
  // One hot fingerprint: its window remembers its latest 1,000 ids, the most a document holds.
  const hotPrefix = `bench-${randomUUID()}:`;
  const hot = new ScreenedAlertsHandler(codec, topics, new RedisDocumentStore(redis, hotPrefix), config);
  for (let b = 0; b < 4; b += 1) {
    await hot.handle(Array.from({ length: 500 }, (_, i) => ({ topic: 'screened', partition: 0, offset: String(i), key: 'hot', value: stormAlert(randomUUID(), T0 + b * 500 + i, 'hot'), headers: {}, timestamp: 0 })));
  }
  const hotMemory = await memoryPerDocument(redis, hotPrefix);
  console.log(`hot fingerprint (2,000 alerts, 1,000 ids remembered): ${hotMemory.bytes} bytes (MEMORY USAGE)`);
  await redis.quit();
}

void main();
