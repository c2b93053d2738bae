// Probe: what the Kafka client costs this process, by client and setting. Realistic records (every
// libs/normalize fixture normalized by the real parser, encoded by the codec as quell.events.v1
// carries them, keyed by host) go through the EventBus over the real broker in three ways:
//   produce — bus.publish in sends of `batch` records, one after the other (as a stage publishes a slice);
//   consume — a consumer group reads a filled topic with a handler that returns nothing (fetch, commit);
//   copy    — a consumer group forwards every record to another topic (the bare stage: fetch,
//             publish with acks from all in-sync replicas, then commit).
// Each prints records/s and this process's CPU seconds per 1,000 records (the broker is another
// process). Every setting runs beside the baseline (kafkajs with the bus's defaults) in the same run,
// alternated (B V, then V B in the next round), and the median of the rounds is shown. With
// --broker-pid, the broker's CPU seconds per 1,000 records too (a broker others use adds noise:
// only its own runs on an otherwise quiet broker are exact). Not a test.
//
//   KAFKA_BROKERS=127.0.0.1:9092 SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register \
//     tools/bench/kafka-client.ts [--records 30000] [--rounds 3] [--client kafkajs|platformatic|both] \
//     [--only <regex over variant names>] [--modes produce,consume,copy] [--broker-pid <pid>]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { cpuSeconds } from './pipeline/process-meter';
import { AvroCodec, type Event } from '@quell/contracts';
import { fixtureEvents } from './fixture-events';
import {
  createKafka,
  ensureTopics,
  KafkaEventBus,
  PlatformaticEventBus,
  platformaticBaseOptions,
  type BusLogger,
  type Compression,
  type ConsumerFetchOptions,
  type EventBus,
  type OutboundRecord,
} from '@quell/platform-kafka';

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '30000' },
    rounds: { type: 'string', default: '3' },
    client: { type: 'string', default: 'both' },
    only: { type: 'string' },
    modes: { type: 'string', default: 'produce,consume,copy' },
    'broker-pid': { type: 'string' },
  },
});
const RECORDS = Number(args.records);
const ROUNDS = Number(args.rounds);
const MODES = args.modes.split(',') as Mode[];
const BROKER_PID = args['broker-pid'] ? Number(args['broker-pid']) : undefined;
const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const quiet: BusLogger = { info: () => undefined, warn: () => undefined, error: (obj, msg) => console.error(msg, obj) };
const kafka = createKafka({ brokers, clientId: 'bench-kafka-client' });

type Mode = 'produce' | 'consume' | 'copy';
type Client = 'kafkajs' | 'platformatic';

interface Setting {
  client: Client;
  /** Records per publish (produce) and per handled slice (consume, copy: the bus's maxBatchRecords). */
  batch: number;
  compression: Compression;
  fetch: ConsumerFetchOptions;
  partitionsConsumedConcurrently: number;
}

const BASELINE: Setting = { client: 'kafkajs', batch: 500, compression: 'none', fetch: {}, partitionsConsumedConcurrently: 3 };

function variants(): { name: string; setting: Setting }[] {
  const clients: Client[] = args.client === 'both' ? ['kafkajs', 'platformatic'] : [args.client as Client];
  const out: { name: string; setting: Setting }[] = [];
  for (const client of clients) {
    const base = { ...BASELINE, client };
    if (client !== 'kafkajs') out.push({ name: `${client} defaults`, setting: base });
    for (const compression of ['gzip', 'lz4', 'zstd'] as const) out.push({ name: `${client} ${compression}`, setting: { ...base, compression } });
    for (const batch of [100, 2_000]) out.push({ name: `${client} batch ${batch}`, setting: { ...base, batch } });
    out.push({ name: `${client} fetch 4 MiB/partition`, setting: { ...base, fetch: { maxBytesPerPartition: 4 * 1024 * 1024 } } });
    out.push({ name: `${client} fetch min 256 KiB, wait 200 ms`, setting: { ...base, fetch: { minBytes: 256 * 1024, maxWaitTimeInMs: 200 } } });
    out.push({ name: `${client} 1 partition at a time`, setting: { ...base, partitionsConsumedConcurrently: 1 } });
    out.push({ name: `${client} lz4, batch 2000, 4 MiB/partition`, setting: { ...base, compression: 'lz4', batch: 2_000, fetch: { maxBytesPerPartition: 4 * 1024 * 1024 } } });
  }
  const only = args.only ? new RegExp(args.only) : undefined;
  return out.filter((v) => !only || only.test(v.name));
}



/** `count` encoded events cycling through the fixtures, each its own id, keyed by one of 200 hosts. */
function encodedRecords(count: number): { key: string; value: Buffer }[] {
  const codec = new AvroCodec();
  const templates = fixtureEvents();
  return Array.from({ length: count }, (_, i) => {
    const host = `host-${i % 200}`;
    const event = { ...templates[i % templates.length], id: randomUUID(), host: { ...templates[i % templates.length].host, name: host } } as Event;
    return { key: host, value: codec.encode('Event', event) };
  });
}

function busFor(setting: Setting): EventBus {
  const options = {
    logger: quiet,
    sessionTimeoutMs: 10_000,
    maxBatchRecords: setting.batch,
    compression: setting.compression,
    defaultFetch: setting.fetch,
    partitionsConsumedConcurrently: setting.partitionsConsumedConcurrently,
  };
  return setting.client === 'kafkajs'
    ? new KafkaEventBus(kafka, options)
    : new PlatformaticEventBus(platformaticBaseOptions({ brokers, clientId: 'bench-kafka-client' }), options);
}

interface Measure {
  seconds: number;
  cpu: number;
  brokerCpu: number;
}

function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function measured(work: () => Promise<void>): Promise<Measure> {
  const cpu = cpuNow();
  const broker = BROKER_PID === undefined ? 0 : (cpuSeconds(BROKER_PID) ?? NaN);
  const started = process.hrtime.bigint();
  await work();
  const brokerCpu = BROKER_PID === undefined ? NaN : (cpuSeconds(BROKER_PID) ?? NaN) - broker;
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpu: cpuNow() - cpu, brokerCpu };
}

async function freshTopic(role: string): Promise<string> {
  const topic = `bench-kc-${role}-${randomUUID().slice(0, 8)}`;
  // A busy shared broker sometimes answers the leader wait with UNKNOWN_TOPIC_OR_PARTITION: try again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await ensureTopics(kafka, [{ topic }]);
      return topic;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function publishAll(bus: EventBus, topic: string, records: { key: string; value: Buffer }[], batch: number): Promise<void> {
  for (let start = 0; start < records.length; start += batch) {
    await bus.publish(records.slice(start, start + batch).map((r): OutboundRecord => ({ topic, key: r.key, value: r.value })));
  }
}

const filler = new KafkaEventBus(kafka, { logger: quiet });

async function run(mode: Mode, setting: Setting, records: { key: string; value: Buffer }[]): Promise<Measure> {
  const bus = busFor(setting);
  try {
    if (mode === 'produce') {
      const topic = await freshTopic('out');
      // One send first, so that connecting and the producer id are not part of the figure.
      await bus.publish([{ topic, key: 'warm', value: records[0].value }]);
      return await measured(() => publishAll(bus, topic, records, setting.batch));
    }
    const input = await freshTopic('in');
    const output = mode === 'copy' ? await freshTopic('out') : '';
    // Filled with the setting's compression, as the stage before it would write it.
    await publishAll(setting.compression === 'none' ? filler : bus, input, records, 2_000);
    const ends = new Map<number, bigint>();
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const committed = () => [...ends.values()].reduce((sum, last) => sum + Number(last) + 1, 0);
    const handle = await bus.consume({
      groupId: `bench-kc-${randomUUID().slice(0, 8)}`,
      subscriptions: [
        {
          topic: input,
          decode: (bytes) => bytes,
          handle: async (batch) => (mode === 'copy' ? batch.map((r) => ({ topic: output, key: r.key, value: r.value as Buffer })) : []),
        },
      ],
      deadLetterTopic: output || input,
      policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 },
      // After the slice's outputs are acknowledged, before its commit.
      beforeCommit: async ({ partition, lastOffset }) => {
        ends.set(partition, BigInt(lastOffset));
        if (committed() >= records.length) done();
      },
    });
    // From the join on: the group's join delay is the broker's, not the client's.
    await handle.ready;
    const result = await measured(() => finished);
    await handle.stop();
    return result;
  } finally {
    await bus.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function row(label: string, measures: Measure[]): string {
  const perSec = median(measures.map((m) => RECORDS / m.seconds));
  const cpuPerK = median(measures.map((m) => (m.cpu / RECORDS) * 1000));
  const brokerPerK = median(measures.map((m) => (m.brokerCpu / RECORDS) * 1000));
  const broker = BROKER_PID === undefined ? '' : `  broker ${brokerPerK.toFixed(4)} CPU-s/1k`;
  return `  ${label.padEnd(48)} ${Math.round(perSec).toLocaleString('en').padStart(9)} rec/s  ${cpuPerK.toFixed(4)} CPU-s/1k${broker}`;
}

async function main(): Promise<void> {
  const records = encodedRecords(RECORDS);
  const bytes = records.reduce((sum, r) => sum + r.value.length, 0);
  const sizes = records.map((r) => r.value.length).sort((a, b) => a - b);
  console.log(
    `${RECORDS.toLocaleString('en')} encoded Events (median ${sizes[sizes.length >> 1]} B, p99 ${sizes[Math.floor(sizes.length * 0.99)]} B, ` +
      `${(bytes / 1024 / 1024).toFixed(1)} MiB), 3 partitions, broker ${brokers.join(',')}, median of ${ROUNDS} rounds, each variant beside the baseline (kafkajs, bus defaults)`,
  );
  for (const mode of MODES) {
    console.log(`\n${mode}`);
    for (const { name, setting } of variants()) {
      const base: Measure[] = [];
      const variant: Measure[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        // Alternated: B V, V B, B V… so that a drift of the shared machine falls on both.
        if (round % 2 === 0) {
          base.push(await run(mode, BASELINE, records));
          variant.push(await run(mode, setting, records));
        } else {
          variant.push(await run(mode, setting, records));
          base.push(await run(mode, BASELINE, records));
        }
      }
      console.log(row('baseline (kafkajs, defaults)', base));
      console.log(row(name, variant));
    }
  }
  await filler.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
