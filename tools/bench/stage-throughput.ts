// Probe: records per second through one stage (the normalizer, raw → events) over the real
// broker, beside a baseline measured in the same run: the same bus moving the same number of
// records with a handler that copies bytes (no Avro, no normalization). Not a test: it prints.
//
//   KAFKA_BROKERS=127.0.0.1:9092 SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/bench/stage-throughput.ts [records]
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { AvroCodec, topicsFor, type RawEvent } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import { createKafka, ensureTopics, KafkaEventBus } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, startServiceApp } from '@quell/platform-service-kit';
import { normalizerService } from '@quell/service-normalizer';

const records = Number(process.argv[2] ?? 20_000);
const brokers = loadConfig(normalizerService.configSchema).KAFKA_BROKERS ?? [];
const admin = new Kafka({ brokers, clientId: 'bench-admin', logLevel: logLevel.NOTHING }).admin();
const quiet = createLogger({ service: 'bench', level: 'warn' });

async function caughtUp(groupId: string, topic: string): Promise<boolean> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return ends.every((end) => BigInt(committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1') >= BigInt(end.high));
}

async function timeUntilCaughtUp(groupId: string, topic: string, start: () => Promise<void>): Promise<number> {
  const begun = process.hrtime.bigint();
  await start();
  while (!(await caughtUp(groupId, topic))) await new Promise((r) => setTimeout(r, 50));
  return Number(process.hrtime.bigint() - begun) / 1e9;
}

function sample(i: number): RawEvent {
  const body = {
    '@timestamp': new Date(Date.now() - i).toISOString(),
    event: { category: 'authentication', action: 'ssh_login', outcome: i % 10 === 0 ? 'failure' : 'success' },
    host: { name: `host-${i % 50}` },
    user: { name: `user-${i % 200}` },
    source: { ip: `10.0.${i % 250}.${i % 200}`, port: 40000 + (i % 1000) },
    message: `Accepted publickey for user-${i % 200} from 10.0.${i % 250}.${i % 200}`,
  };
  return {
    id: randomUUID(),
    tenant: 'bench',
    receivedAt: Date.now(),
    source: { type: 'bench', name: 'bench', host: null },
    format: 'json',
    contentType: 'application/json',
    payload: Buffer.from(JSON.stringify(body)),
    attributes: {},
  };
}

async function main(): Promise<void> {
  await admin.connect();
  const prefix = `bench-${randomUUID().slice(0, 8)}.`;
  const topics = topicsFor(prefix);
  const codec = new AvroCodec();
  const kafka = createKafka({ brokers, clientId: 'bench' });
  const bus = new KafkaEventBus(kafka, { logger: quiet });
  const copyIn = `${prefix}baseline.in`;
  const copyOut = `${prefix}baseline.out`;
  await ensureTopics(kafka, [...Object.values(topics), copyIn, copyOut].map((topic) => ({ topic })));

  const encoded = Array.from({ length: records }, (_, i) => codec.encode('RawEvent', sample(i)));
  for (let i = 0; i < records; i += 2_000) {
    const slice = encoded.slice(i, i + 2_000);
    await bus.publish(slice.map((value, j) => ({ topic: topics.raw, key: `host-${(i + j) % 50}`, value })));
    await bus.publish(slice.map((value, j) => ({ topic: copyIn, key: `host-${(i + j) % 50}`, value })));
  }

  const baselineGroup = `${prefix}baseline`;
  const baselineSeconds = await timeUntilCaughtUp(baselineGroup, copyIn, async () => {
    await bus.consume({
      groupId: baselineGroup,
      subscriptions: [{ topic: copyIn, decode: (b) => b, handle: async (rs) => rs.map((r) => ({ topic: copyOut, key: r.key, value: r.value as Buffer })) }],
      deadLetterTopic: topics.deadLetters,
      policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 },
    });
  });

  const env = { ...process.env, BUS: 'kafka', TOPIC_PREFIX: prefix, KAFKA_GROUP_PREFIX: `${prefix}g`, LOG_LEVEL: 'warn', CLICKHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-ch-')) };
  const config = loadConfig(normalizerService.configSchema, env);
  const infra = await createSharedInfrastructure(config, normalizerService.uses, quiet);
  let stage: Awaited<ReturnType<typeof startServiceApp>> | undefined;
  const rssBefore = process.memoryUsage().rss;
  const stageSeconds = await timeUntilCaughtUp(`${prefix}g.normalizer`, topics.raw, async () => {
    stage = await startServiceApp(normalizerService, config, infra, { httpPort: 0, logger: quiet });
  });
  const historySeconds = await timeUntilCaughtUp(`${prefix}g.history-writer`, topics.events, async () => undefined);

  const rate = (s: number) => Math.round(records / s).toLocaleString('en-US');
  console.log(`records: ${records} (3 partitions, one consumer, batches of ${config.BATCH_MAX_RECORDS})`);
  console.log(`baseline  (bus copy, no decode)      : ${baselineSeconds.toFixed(2)} s  ${rate(baselineSeconds)} records/s`);
  console.log(`normalizer (Avro + normalize + Avro)  : ${stageSeconds.toFixed(2)} s  ${rate(stageSeconds)} records/s`);
  console.log(`history writer (ClickHouse, chdb) done ${historySeconds.toFixed(2)} s after the normalizer caught up`);
  console.log(`rss: ${Math.round(rssBefore / 2 ** 20)} MiB before the stage, ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB after`);

  await stage?.close();
  await infra.close();
  await bus.close();
  await admin.disconnect();
  process.exit(0);
}

void main();
