// Probe: records per second and per CPU-second through one stage (the normalizer, raw → events)
// over the real broker, beside two baselines measured in the same run and process: the bare kafkajs
// consume-and-produce copy `npm run bench` compares its stages with, and the same bus moving the
// records with a handler that copies bytes (no Avro, no normalization). Not a test: it prints.
//
//   KAFKA_BROKERS=127.0.0.1:9092 SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/bench/stage-throughput.ts [records] [--roles=normalize|normalize,history] [--traffic=mix|ecs]
//
// --roles: the normalizer's roles in the measured process; `normalize` (the default) is the stage as
// the distributed bench deploys it, the history writer being its own process (NORMALIZER_ROLES=history).
// --traffic: `mix` (the default) is the bench's realistic mix (Windows, Linux syslog, firewall CEF/kv,
// ECS); `ecs` is one small ECS JSON shape. Rates are timed from the first committed progress.
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
import { rawCopy } from './pipeline/kafka-meters';
import { rateLine, rateToCommitted, type StageRate } from './pipeline/stage-rate';
import { allTemplates } from './pipeline/traffic-mix';
import { TrafficStream } from './pipeline/traffic-stream';

const args = process.argv.slice(2);
const flag = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const records = Number(args.find((arg) => !arg.startsWith('--')) ?? 20_000);
const roles = flag('roles') ?? 'normalize';
const traffic = flag('traffic') ?? 'mix';
const brokers = loadConfig(normalizerService.configSchema).KAFKA_BROKERS ?? [];
const admin = new Kafka({ brokers, clientId: 'bench-admin', logLevel: logLevel.NOTHING }).admin();
const quiet = createLogger({ service: 'bench', level: 'warn' });

/** The bench's realistic mix, as ingest would produce its raw records. */
function mixSamples(): RawEvent[] {
  const templates = allTemplates();
  const stream = new TrafficStream({ quiet: templates, alerting: templates, alertEvery: 100, batchSize: 100, tag: 'probe' });
  const out: RawEvent[] = [];
  while (out.length < records) {
    const batch = stream.next();
    for (const line of batch.lines) {
      out.push({ ...sample(0), format: batch.channel, contentType: batch.channel === 'json' ? 'application/json' : 'text/plain', payload: Buffer.from(line) });
    }
  }
  return out.slice(0, records);
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

  const samples = traffic === 'ecs' ? Array.from({ length: records }, (_, i) => sample(i)) : mixSamples();
  const encoded = samples.map((raw) => codec.encode('RawEvent', { ...raw, id: randomUUID() }));
  for (let i = 0; i < records; i += 2_000) {
    const slice = encoded.slice(i, i + 2_000);
    await bus.publish(slice.map((value, j) => ({ topic: topics.raw, key: `host-${(i + j) % 50}`, value })));
    await bus.publish(slice.map((value, j) => ({ topic: copyIn, key: `host-${(i + j) % 50}`, value })));
  }

  const copy = await rawCopy(new Kafka({ brokers, clientId: 'bench-copy', logLevel: logLevel.NOTHING }), copyIn, `${prefix}kafkajs.`);
  const baselineGroup = `${prefix}baseline`;
  await bus.consume({
      groupId: baselineGroup,
      subscriptions: [{ topic: copyIn, decode: (b) => b, handle: async (rs) => rs.map((r) => ({ topic: copyOut, key: r.key, value: r.value as Buffer })) }],
      deadLetterTopic: topics.deadLetters,
      policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 },
  });
  const baseline = await rateToCommitted(admin, baselineGroup, copyIn, records);

  const env = { ...process.env, BUS: 'kafka', NORMALIZER_ROLES: roles, TOPIC_PREFIX: prefix, KAFKA_GROUP_PREFIX: `${prefix}g`, LOG_LEVEL: 'warn', CLICKHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-ch-')) };
  const config = loadConfig(normalizerService.configSchema, env);
  const infra = await createSharedInfrastructure(config, normalizerService.uses, quiet);
  const rssBefore = process.memoryUsage().rss;
  const stage = await startServiceApp(normalizerService, config, infra, { httpPort: 0, logger: quiet });
  const normalizer = await rateToCommitted(admin, `${prefix}g.normalizer`, topics.raw, records);

  const line = (name: string, rate: StageRate) => rateLine(name, rate, copy);
  console.log(`records: ${records} (${traffic} traffic, 3 partitions, one consumer, batches of ${config.BATCH_MAX_RECORDS}, roles ${roles}, ${config.KAFKA_CLIENT} client)`);
  console.log(line('baseline: bare kafkajs copy (npm run bench)', copy));
  console.log(line('baseline: bus copy, no decode', baseline));
  console.log(line('normalizer (Avro + normalize + Avro)', normalizer));
  if (roles.includes('history')) {
    // What the normalizer wrote (a record it refused went to the dead letters); this process's CPU
    // holds the normalizer's too until it finished.
    const events = (await admin.fetchTopicOffsets(topics.events)).reduce((sum, p) => sum + Number(p.high), 0);
    console.log(line('history writer (ClickHouse, chdb)', await rateToCommitted(admin, `${prefix}g.history-writer`, topics.events, events)));
  }
  console.log(`rss: ${Math.round(rssBefore / 2 ** 20)} MiB before the stage, ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB after`);

  await stage.close();
  await infra.close();
  await bus.close();
  await admin.disconnect();
  process.exit(0);
}

void main();
