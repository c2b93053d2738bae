// What the distributed pipeline costs when nothing flows: every stage and the history writer as its
// own process over the real broker and Redis (as `npm run bench` deploys them), started, left alone
// `--seconds`, and each process's CPU over that time printed, split by thread name (the main
// thread is `main`; ClickHouse's, libuv's and V8's threads have their own names). The baseline of
// the same run is an idle bare kafkajs consumer of one topic: what "waiting for records" costs a
// Kafka client at all. Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/bench/idle-cost-distributed.ts [--seconds 30]
//
// KAFKA_BROKERS / REDIS_URL name a running broker and Redis (else local ones are started);
// KAFKA_CLIENT=kafkajs measures the stages on the other client.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topicsFor } from '@quell/contracts';
import { infrastructure, startStages } from './pipeline/distributed-bench';
import { benchKafka } from './pipeline/kafka-meters';
import { threadCpuBetween, threadCpuSeconds } from './pipeline/process-meter';
import { fmt, table } from './pipeline/report';
import type { ServiceProcess } from './pipeline/service-process';

const secondsArgument = process.argv.indexOf('--seconds');
const SECONDS = secondsArgument >= 0 ? Number(process.argv[secondsArgument + 1]) : 30;
// Start-up work (JIT, first merges, group joins) out of the figures.
const SETTLE_MS = 10_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** CPU seconds per thread name (the main thread as `main`) of each pid over `seconds`. */
async function idleCpu(pids: Map<string, number>, seconds: number): Promise<Map<string, Map<string, number>>> {
  const before = new Map([...pids].map(([name, pid]) => [name, threadCpuSeconds(pid)]));
  await sleep(seconds * 1000);
  const spent = new Map<string, Map<string, number>>();
  for (const [name, pid] of pids) {
    const threads = threadCpuBetween(pid, before.get(name) ?? new Map(), threadCpuSeconds(pid));
    spent.set(name, new Map(threads.map((thread) => [thread.name, thread.seconds])));
  }
  return spent;
}

async function main(): Promise<void> {
  const infra = await infrastructure();
  const dir = join(tmpdir(), `quell-idle-distributed-${randomUUID().slice(0, 6)}`);
  const prefix = `idle-${randomUUID().slice(0, 8)}.`;
  const stages = new Map<string, ServiceProcess>();
  const kafka = benchKafka([infra.brokers], 'idle-baseline');
  const baseline = kafka.consumer({ groupId: `${prefix}baseline` });
  try {
    const settings = { dir, brokers: infra.brokers, redisUrl: infra.redisUrl, prefix, groupPrefix: `${prefix}g`, rules: 100, logLevel: 'warn', webhookUrl: 'http://127.0.0.1:9/' };
    const startSeconds = await startStages(stages, settings);
    await baseline.connect();
    await baseline.subscribe({ topic: topicsFor(prefix).raw, fromBeginning: true });
    await baseline.run({ eachMessage: async () => undefined });
    await sleep(SETTLE_MS);
    const pids = new Map([...stages].map(([name, stage]) => [name, stage.pid]));
    pids.set('baseline: idle bare kafkajs consumer (this process)', process.pid);
    const spent = await idleCpu(pids, SECONDS);
    const threadNames = [...new Set([...spent.values()].flatMap((threads) => [...threads].filter(([, cpu]) => cpu > 0).map(([thread]) => thread)))].sort();
    const rows = [...spent].map(([name, threads]) => {
      const total = [...threads.values()].reduce((sum, cpu) => sum + cpu, 0);
      return [name, fmt((100 * total) / SECONDS, 1), ...threadNames.map((thread) => fmt((100 * (threads.get(thread) ?? 0)) / SECONDS, 1))];
    });
    const stagesTotal = [...spent].filter(([name]) => stages.has(name)).reduce((sum, [, threads]) => sum + [...threads.values()].reduce((a, b) => a + b, 0), 0);
    console.log(`${stages.size} processes ready in ${startSeconds.toFixed(1)} s (${process.env['KAFKA_CLIENT'] ?? 'default'} client); idle ${SECONDS} s after ${SETTLE_MS / 1000} s to settle; % of one core`);
    console.log(table(['process', 'total %', ...threadNames.map((thread) => `${thread} %`)], rows));
    console.log(`all stages together: ${fmt((100 * stagesTotal) / SECONDS, 1)}% of one core`);
  } finally {
    await baseline.disconnect().catch(() => undefined);
    await Promise.all([...stages.values()].map((stage) => stage.stop()));
    await infra.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
