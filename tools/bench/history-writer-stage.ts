// Probe: the history writer as deployed (its own process, NORMALIZER_ROLES=history, the embedded
// engine) over the real broker: N realistic Events (the libs/normalize fixtures, each its own id,
// on 200 hosts) are produced to a fresh events topic first, then the writer is started and timed
// until its group has committed the end of every partition. Prints the writer's CPU seconds per
// 1,000 events split by thread name (the main thread is `main`; ClickHouse's insert pool, merges
// and others have their own names), then again for the merges that run on after the last commit,
// and the parts left. `--env=K=V,...` runs a variant of the writer's settings; variants run one
// after another in the same run, each on its own topic and data directory, so compare them there.
// Not a test: it prints.
//
//   source /tmp/quell-dev-infra.env   # or KAFKA_BROKERS=... REDIS_URL=...
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/bench/history-writer-stage.ts [events] [--rate=N] [--traffic=bench|fixtures] [--env=K=V,...] [--env=...]
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AvroCodec, topicsFor, type Event } from '@quell/contracts';
import { normalizeRecord } from '@quell/normalize';
import { freePorts } from '@quell/platform-testing';
import { fixtureEvents } from './fixture-events';
import { infrastructure, HISTORY_WRITER } from './pipeline/distributed-bench';
import { benchKafka } from './pipeline/kafka-meters';
import { threadCpuBetween, threadCpuSeconds } from './pipeline/process-meter';
import { fmt, table } from './pipeline/report';
import { ServiceProcess } from './pipeline/service-process';
import { quietRawEvents } from './pipeline/traffic-stream';

const args = process.argv.slice(2);
const EVENTS = Number(args.find((arg) => !arg.startsWith('--')) ?? 60_000);
// Events produced per second (0: all at once, as fast as the producer goes).
const RATE = Number(args.find((arg) => arg.startsWith('--rate='))?.slice('--rate='.length) ?? 0);
const variants: Record<string, string>[] = [{}, ...args.filter((arg) => arg.startsWith('--env=')).map((arg) => envOf(arg.slice('--env='.length)))];
// Merges keep running after the last insert; they are counted for this long after the last commit.
const MERGE_TAIL_MS = 15_000;
const PRODUCE_BATCH = 1_000;
// `bench` (the default): the pipeline bench's traffic mix, normalized (Windows-heavy, as
// `npm run bench` stores it); `fixtures`: the libs/normalize fixtures, every format alike.
const TRAFFIC = args.find((arg) => arg.startsWith('--traffic='))?.slice('--traffic='.length) ?? 'bench';

function envOf(text: string): Record<string, string> {
  return Object.fromEntries(text.split(',').map((pair) => pair.split('=') as [string, string]));
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The pipeline bench's traffic mix, normalized as the normalizer does it: `count` distinct events. */
function benchTemplates(count: number): Event[] {
  return quietRawEvents(count, 'hw').map((raw) => normalizeRecord({ ...raw, id: randomUUID() }, Date.now()));
}

/** `count` events cycling through the templates, each its own id, on 200 hosts over the last ten minutes. */
function eventsFrom(templates: Event[], count: number): Event[] {
  const start = Date.now() - 600_000;
  return Array.from({ length: count }, (_, i) => {
    const t = templates[i % templates.length];
    const time = start + Math.floor((i * 600_000) / count);
    return { ...t, id: randomUUID(), time, ingestTime: time + 50, host: { name: `${t.host?.name ?? 'host'}-${i % 200}`, ip: t.host?.ip ?? null } };
  });
}

interface VariantResult {
  variant: string;
  seconds: number;
  threads: { name: string; seconds: number }[];
  tail: { name: string; seconds: number }[];
}

async function runVariant(brokers: string, redisUrl: string, env: Record<string, string>, events: Event[]): Promise<VariantResult> {
  const codec = new AvroCodec();
  const prefix = `hw-${randomUUID().slice(0, 8)}.`;
  const topics = topicsFor(prefix);
  const kafka = benchKafka([brokers], 'history-writer-probe');
  const admin = kafka.admin();
  const producer = kafka.producer();
  const dir = join(tmpdir(), `quell-history-writer-${randomUUID().slice(0, 6)}`);
  mkdirSync(dir, { recursive: true });
  const port = await freePorts(1);
  const writer = ServiceProcess.app(
    HISTORY_WRITER,
    'normalizer',
    { BUS: 'kafka', KAFKA_BROKERS: brokers, REDIS_URL: redisUrl, TOPIC_PREFIX: prefix, KAFKA_GROUP_PREFIX: `${prefix}g`, LOG_LEVEL: 'warn', HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port), NORMALIZER_ROLES: 'history', SERVICE_NAME: HISTORY_WRITER, CLICKHOUSE_DATA_DIR: join(dir, 'clickhouse'), ...env },
    join(dir, 'writer.log'),
    [`http://127.0.0.1:${port}/health/ready`],
  );
  try {
    await admin.connect();
    await producer.connect();
    // The writer creates the topics; it is started, then stopped reading by nothing: the events are
    // produced while it waits, so the timing starts at its first fetch of a full topic.
    writer.start();
    await writer.waitReady();
    const before = threadCpuSeconds(writer.pid);
    const started = performance.now();
    for (let i = 0; i < events.length; i += PRODUCE_BATCH) {
      const messages = events.slice(i, i + PRODUCE_BATCH).map((e) => ({ key: e.host?.name ?? e.id, value: codec.encode('Event', e) }));
      await producer.send({ topic: topics.events, messages });
      if (RATE > 0) await sleep(started + ((i + PRODUCE_BATCH) * 1000) / RATE - performance.now());
    }
    const group = `${prefix}g.${HISTORY_WRITER}`;
    for (;;) {
      const ends = await admin.fetchTopicOffsets(topics.events);
      const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topics.events] });
      const done = ends.every((end) => BigInt(committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1') >= BigInt(end.high));
      if (done) break;
      await sleep(100);
    }
    const seconds = (performance.now() - started) / 1000;
    const atCommit = threadCpuSeconds(writer.pid);
    await sleep(MERGE_TAIL_MS);
    const tail = threadCpuBetween(writer.pid, atCommit, threadCpuSeconds(writer.pid));
    return { variant: JSON.stringify(env), seconds, threads: threadCpuBetween(writer.pid, before, atCommit), tail };
  } finally {
    await writer.stop();
    await producer.disconnect();
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const infra = await infrastructure();
  const templates = TRAFFIC === 'fixtures' ? fixtureEvents() : benchTemplates(5_000);
  const events = eventsFrom(templates, EVENTS);
  const codec = new AvroCodec();
  const bytes = events.slice(0, 5_000).reduce((total, e) => total + codec.encode('Event', e).length, 0) / Math.min(events.length, 5_000);
  console.log(`[history-writer] ${TRAFFIC} traffic: ${templates.length} templates, ${Math.round(bytes)} bytes of Avro per event on average`);
  try {
    const results: VariantResult[] = [];
    for (const env of variants) {
      const result = await runVariant(infra.brokers, infra.redisUrl, env, events);
      results.push(result);
      console.log(`[history-writer] ${result.variant}: ${EVENTS} events in ${result.seconds.toFixed(1)} s`);
    }
    const names = [...new Set(results.flatMap((r) => [...r.threads, ...r.tail].filter((t) => t.seconds >= 0.05).map((t) => t.name)))];
    const perK = (seconds: number) => fmt((seconds * 1000) / EVENTS, 3);
    const rows = results.flatMap((r) => {
      const of = (list: { name: string; seconds: number }[], name: string) => list.find((t) => t.name === name)?.seconds ?? 0;
      const sum = (list: { seconds: number }[]) => list.reduce((total, t) => total + t.seconds, 0);
      return [
        [r.variant, 'until committed', fmt(EVENTS / r.seconds, 0), perK(sum(r.threads)), ...names.map((name) => perK(of(r.threads, name)))],
        [r.variant, `next ${MERGE_TAIL_MS / 1000} s`, '', perK(sum(r.tail)), ...names.map((name) => perK(of(r.tail, name)))],
      ];
    });
    console.log(`\nhistory writer alone over the broker, ${EVENTS} events; CPU s per 1,000 events by thread`);
    console.log(table(['variant', 'window', 'events/s', 'all threads', ...names], rows));
  } finally {
    await infra.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
