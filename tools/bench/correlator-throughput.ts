// Probe: records per second and per CPU-second through the correlator (events → alerts and matches,
// stage 2 over the matches in the same process, as deployed) over the real broker, beside a bare
// kafkajs consume-and-produce copy of the same events topic measured in the same process. Not a test: it prints.
//
//   KAFKA_BROKERS=127.0.0.1:9092 SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/bench/correlator-throughput.ts [records] [--rules=100]
//
// The topic is filled first and the correlator drains it in full batches (producing here while it
// runs would put the producer's CPU in its figure).
// The events are the bench's traffic mix normalized here (one in 100 of a template that hits a
// loaded rule), the rules the set the distributed bench writes. Rates are timed from the first
// committed progress of the correlator's events group.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { AvroCodec, topicsFor, type Event } from '@quell/contracts';
import { normalizeRecord, type RecordFormat } from '@quell/normalize';
import { loadConfig } from '@quell/platform-config';
import { createKafka, ensureTopics, KafkaEventBus } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, startServiceApp } from '@quell/platform-service-kit';
import { DetectionRuleSet, RuleCatalog } from '@quell/rules';
import { correlatorService } from '@quell/service-correlator';
import { benchRawEvent } from './fixture-events';
import { writeRuleSet } from './pipeline/bench-rules';
import { rawCopy } from './pipeline/kafka-meters';
import { rateLine, rateToCommitted } from './pipeline/stage-rate';
import { allTemplates, render, type Template } from './pipeline/traffic-mix';
import { TrafficStream } from './pipeline/traffic-stream';

const args = process.argv.slice(2);
const flag = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const records = Number(args.find((arg) => !arg.startsWith('--')) ?? 20_000);
const ruleCount = Number(flag('rules') ?? 100);
const brokers = loadConfig(correlatorService.configSchema).KAFKA_BROKERS ?? [];
const admin = new Kafka({ brokers, clientId: 'bench-admin', logLevel: logLevel.NOTHING }).admin();
const quiet = createLogger({ service: 'bench', level: 'warn' });

const normalized = (channel: string, line: string): Event => normalizeRecord(benchRawEvent(channel as RecordFormat, line), Date.now());

/** The templates whose event hits a loaded detection rule (the bench's calibration, without the pipeline). */
function alertingTemplates(templates: readonly Template[], rulesDir: string): Template[] {
  const files = Object.fromEntries(readdirSync(rulesDir).map((name) => [name, readFileSync(join(rulesDir, name), 'utf8')]));
  const rules = new DetectionRuleSet(RuleCatalog.build(files).detectionRules);
  return templates.filter((t) => rules.match(normalized(t.channel, render(t, 'calibration', new Date()))).length > 0);
}

/** The bench's mix, normalized: quiet traffic with one alert-raising event in 100. */
function mixEvents(rulesDir: string): Event[] {
  const templates = allTemplates();
  const alerting = alertingTemplates(templates, rulesDir);
  console.log(`${alerting.length} of ${templates.length} templates hit a loaded rule`);
  const stream = new TrafficStream({ quiet: templates.filter((t) => !alerting.includes(t)), alerting, alertEvery: 100, batchSize: 100, tag: 'probe' });
  const out: Event[] = [];
  while (out.length < records) {
    const batch = stream.next();
    for (const line of batch.lines) out.push(normalized(batch.channel, line));
  }
  return out.slice(0, records);
}

/**
 * Creates the pipeline's topics under `prefix` and `copyIn`, then fills the events topic and
 * `copyIn` with the same records (built after the topics exist: producing to topics a moment old
 * failed with out-of-order sequence numbers).
 */
async function fillTopics(prefix: string, copyIn: string, build: () => { key: string | null; value: Buffer }[]): Promise<KafkaEventBus> {
  const kafka = createKafka({ brokers, clientId: 'bench' });
  const bus = new KafkaEventBus(kafka, { logger: quiet });
  const { events } = topicsFor(prefix);
  await ensureTopics(kafka, [...Object.values(topicsFor(prefix)), copyIn].map((topic) => ({ topic })));
  const records = build();
  for (let from = 0; from < records.length; from += 2_000) {
    const slice = records.slice(from, from + 2_000);
    for (const topic of [events, copyIn]) await bus.publish(slice.map((r) => ({ topic, ...r })));
  }
  return bus;
}

async function main(): Promise<void> {
  const prefix = `bench-${randomUUID().slice(0, 8)}.`;
  const copyIn = `${prefix}baseline.in`;
  const ruleSet = writeRuleSet(join(mkdtempSync(join(tmpdir(), 'bench-rules-')), 'rules'), ruleCount);
  const codec = new AvroCodec();
  const bus = await fillTopics(prefix, copyIn, () => mixEvents(ruleSet.dir).map((event) => ({ key: event.host?.name ?? null, value: codec.encode('Event', event) })));
  await admin.connect();

  const copy = await rawCopy(new Kafka({ brokers, clientId: 'bench-copy', logLevel: logLevel.NOTHING }), copyIn, `${prefix}kafkajs.`);

  const env = { ...process.env, BUS: 'kafka', TOPIC_PREFIX: prefix, KAFKA_GROUP_PREFIX: `${prefix}g`, LOG_LEVEL: 'warn', RULES_DIR: ruleSet.dir, RULES_POLL_INTERVAL_MS: '0', CLICKHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-ch-')) };
  const config = loadConfig(correlatorService.configSchema, env);
  const infra = await createSharedInfrastructure(config, correlatorService.uses, quiet);
  const rssBefore = process.memoryUsage().rss;
  const stage = await startServiceApp(correlatorService, config, infra, { httpPort: 0, logger: quiet });
  const correlator = await rateToCommitted(admin, `${prefix}g.correlator`, topicsFor(prefix).events, records);

  console.log(`records: ${records} (mix traffic, 1% alerting; ${ruleSet.sigma} Sigma rules, ${ruleSet.correlations} correlations; batches of ${config.BATCH_MAX_RECORDS}, ${config.KAFKA_CLIENT} client)`);
  console.log(rateLine('baseline: bare kafkajs copy of the events', copy, copy));
  console.log(rateLine('correlator (Avro + detection + produce)', correlator, copy));
  console.log(`rss: ${Math.round(rssBefore / 2 ** 20)} MiB before the stage, ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB after`);

  await stage.close();
  await infra.close();
  await bus.close();
  await admin.disconnect();
  process.exit(0);
}

void main();
