// Every stage its own process over a real broker and Redis (started here with tools/infra unless
// KAFKA_BROKERS / REDIS_URL name running ones), events produced to the ingest topic as a shipper
// does, incidents out at the notifier's webhook; each stage's records/s from its consumer groups'
// committed offsets, beside a bare kafkajs consume-and-produce copy of the raw topic.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Admin } from 'kafkajs';
import { topicsFor } from '@quell/contracts';
import { freePorts } from '@quell/platform-testing';
import { log } from './all-in-one-bench';
import { writeRuleSet } from './bench-rules';
import type { BenchOptions } from './bench-options';
import { REPO_ROOT } from './bench-paths';
import { benchKafka, GroupProgress, KafkaSender, rawCopy, type CopyResult, type GroupRate } from './kafka-meters';
import { calibrate, phaseStream, runPhase, type Calibration, type PhaseResult, type Target } from './phase';
import { BesideMeter, type BesideCpu } from './machine-meter';
import { memoryMb } from './process-meter';
import { ServiceProcess } from './service-process';
import type { Template } from './traffic-mix';
import { BENCH_GROUPING_ENV } from './traffic-stream';
import { monotonicMicros, type ProfileWindow } from './cpu-profile';
import { routedWebhookEnv, WebhookSink } from './webhook-sink';

export const STAGES = ['ingest', 'normalizer', 'correlator', 'change-calendar', 'deduper', 'incident-manager', 'notifier'] as const;
/**
 * Processes beyond the seven stages: the history writer runs apart from the normalizer (its image,
 * NORMALIZER_ROLES=history), as deployed, so its ClickHouse cost is its own line.
 */
export const HISTORY_WRITER = 'history-writer';
const PROCESSES = [...STAGES, HISTORY_WRITER];
/** Kafka client settings passed from the bench's environment to every stage (tools/bench/kafka-client.ts measures them). */
const KAFKA_SETTING_KEYS = ['KAFKA_CLIENT', 'KAFKA_COMPRESSION', 'KAFKA_FETCH_MAX_BYTES_PER_PARTITION', 'KAFKA_FETCH_MIN_BYTES', 'KAFKA_FETCH_MAX_WAIT_MS', 'KAFKA_PARTITIONS_CONCURRENTLY'];
const APP_OF: Record<string, string> = { [HISTORY_WRITER]: 'normalizer' };
/** The image's NODE_OPTIONS (Dockerfile), so the stages run as deployed; image-node-options.spec.ts keeps the two equal. */
export const IMAGE_NODE_OPTIONS = '--max-semi-space-size=64';

export interface DistributedResult {
  infra: string;
  startSeconds: number;
  calibration: Calibration;
  phases: PhaseResult[];
  groups: GroupRate[];
  copy: CopyResult;
  /** Stage → pid, for the per-stage CPU of each phase. */
  pids: Map<string, number>;
  peakRssMb: Map<string, number>;
  /** With --profile-stages: where each profiled process wrote its profile (a folder per process), and the sustained phase's window. */
  stageProfiles?: { dir: string; window: ProfileWindow };
  /** CPU seconds of the sustained phase beside the stages: the broker, Redis, the bench itself and the whole machine. */
  beside: BesideCpu;
}

interface Infra {
  brokers: string;
  redisUrl: string;
  origin: string;
  /** Name → pid of the servers started here. */
  pids: Map<string, number>;
  stop: () => Promise<void>;
}

// tools/infra is plain-Node ESM; a literal import() would be rewritten to require() by the TypeScript transform.
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<{
  startInfrastructure: (o: { env: Record<string, string | undefined> }) => Promise<{
    env: { KAFKA_BROKERS: string; REDIS_URL: string };
    services: { origin: string }[];
    pids: { kafka?: number; redis?: number };
    stop: () => Promise<void>;
  }>;
}>;

/** The broker and Redis named by KAFKA_BROKERS / REDIS_URL, or local ones started for the run. */
export async function infrastructure(): Promise<Infra> {
  const { startInfrastructure } = await importEsm(pathToFileURL(join(REPO_ROOT, 'tools', 'infra', 'start-infra.mjs')).href);
  const started = await startInfrastructure({ env: { KAFKA_BROKERS: process.env['KAFKA_BROKERS'], REDIS_URL: process.env['REDIS_URL'] } });
  const origin = started.services.length === 0 ? 'the broker and Redis given by KAFKA_BROKERS / REDIS_URL' : started.services.map((s) => s.origin).join(', ');
  const pids = new Map<string, number>();
  if (started.pids.kafka !== undefined) pids.set('Kafka broker', started.pids.kafka);
  if (started.pids.redis !== undefined) pids.set('redis-server', started.pids.redis);
  return { brokers: started.env.KAFKA_BROKERS, redisUrl: started.env.REDIS_URL, origin, pids, stop: started.stop };
}

export interface StageSettings {
  dir: string;
  brokers: string;
  redisUrl: string;
  prefix: string;
  groupPrefix: string;
  rules: number;
  logLevel: string;
  webhookUrl: string;
  /** These processes run under node --cpu-prof, each writing into `<profileDir>/<name>` when it stops. */
  profileStages?: readonly string[];
  profileDir?: string;
  /** Extra environment of every stage process (--env), over the bench's own. */
  env?: Record<string, string>;
}

/**
 * Starts every stage and the history writer as its own process over the broker, into `stages` (so
 * the caller stops those that did start if one fails); resolves with the seconds until all were ready.
 */
export async function startStages(stages: Map<string, ServiceProcess>, settings: StageSettings): Promise<number> {
  const { dir } = settings;
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const ruleSet = writeRuleSet(join(dir, 'rules'), settings.rules);
  const apiKey = randomUUID();
  const common = {
    BUS: 'kafka',
    KAFKA_BROKERS: settings.brokers,
    REDIS_URL: settings.redisUrl,
    TOPIC_PREFIX: settings.prefix,
    KAFKA_GROUP_PREFIX: settings.groupPrefix,
    LOG_LEVEL: settings.logLevel,
    NODE_OPTIONS: IMAGE_NODE_OPTIONS,
    HTTP_HOST: '127.0.0.1',
    // The Kafka client and its settings under test, when the bench is given them (KAFKA_CLIENT=kafkajs npm run bench).
    ...Object.fromEntries(KAFKA_SETTING_KEYS.flatMap((key) => (process.env[key] ? [[key, process.env[key]]] : []))),
  };
  const extra: Record<string, Record<string, string>> = {
    ingest: { INGEST_API_KEYS: `bench:${apiKey}` },
    normalizer: { NORMALIZER_ROLES: 'normalize' },
    [HISTORY_WRITER]: { NORMALIZER_ROLES: 'history', SERVICE_NAME: HISTORY_WRITER },
    correlator: { RULES_DIR: ruleSet.dir, RULES_POLL_INTERVAL_MS: '0' },
    notifier: routedWebhookEnv(dir, settings.webhookUrl),
    'incident-manager': { ...BENCH_GROUPING_ENV },
  };
  const unknown = settings.profileStages?.find((name) => !PROCESSES.includes(name));
  if (unknown) throw new Error(`--profile-stages: no process ${JSON.stringify(unknown)}; the processes are ${PROCESSES.join(', ')}`);
  const profiled = (name: string) => (settings.profileStages?.includes(name) && settings.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(settings.profileDir, name)}`] : []);
  const started = performance.now();
  // One free range for all, so processes starting side by side cannot pick the same port.
  const firstPort = await freePorts(PROCESSES.length);
  const spawn = async (name: string) => {
    const port = firstPort + PROCESSES.indexOf(name);
    const env = { ...common, ...extra[name], ...settings.env, HTTP_PORT: String(port), CLICKHOUSE_DATA_DIR: join(dir, `clickhouse-${name}`) };
    const stage = ServiceProcess.app(name, APP_OF[name] ?? name, env, join(dir, 'logs', `${name}.log`), [`http://127.0.0.1:${port}/health/ready`], profiled(name)).start();
    stages.set(name, stage);
    await stage.waitReady();
  };
  // The first creates the topics; the others then start side by side.
  await spawn(PROCESSES[0]);
  await Promise.all(PROCESSES.slice(1).map(spawn));
  return (performance.now() - started) / 1000;
}

export async function benchDistributed(options: BenchOptions, templates: readonly Template[]): Promise<DistributedResult> {
  const dir = join(options.workDir, 'distributed');
  const infra = await infrastructure();
  log(`distributed: ${infra.origin}`);
  const prefix = `bench-${randomUUID().slice(0, 8)}.`;
  const groupPrefix = `${prefix}g`;
  const topics = topicsFor(prefix);
  const sink = new WebhookSink();
  const webhookUrl = await sink.start();
  const stages = new Map<string, ServiceProcess>();
  const profileDir = join(dir, 'profiles');
  const window: ProfileWindow = { from: 0, to: 0 };
  const kafka = benchKafka([infra.brokers], 'bench');
  const admin = kafka.admin();
  let sender: KafkaSender | undefined;
  try {
    const startSeconds = await startStages(stages, {
      ...{ dir, brokers: infra.brokers, redisUrl: infra.redisUrl, prefix, groupPrefix, rules: options.rules, logLevel: options.logLevel, webhookUrl },
      ...{ profileStages: options.profileStages, profileDir, env: options.childEnv },
    });
    await admin.connect();
    sender = await KafkaSender.connect(kafka, topics.ingest);
    const pids = new Map([...stages].map(([name, stage]) => [name, stage.pid]));
    const target: Target = { sender, sink, pids: () => [...pids.values()] };
    const tag = `d-${randomUUID().slice(0, 4)}`;
    const calibration = await calibrate(target, templates, `${tag}-cal`, options.quick ? 2000 : 3000);
    log(`distributed: ${stages.size} processes ready in ${startSeconds.toFixed(1)} s; ${calibration.alerting.length} of ${templates.length} templates raise alerts`);
    const stream = (alertEvery: number, name: string) => phaseStream(calibration, alertEvery, options.batchSize, `${tag}-${name}`);
    const phases: PhaseResult[] = [];
    const phase = async (label: string, extraOptions: { events?: number; seconds?: number; rate?: number }, name: string) => {
      const result = await runPhase(target, { label, clients: options.clients, idleMs: options.idleMs * 2, stream: stream(100, name), ...extraOptions });
      phases.push(result);
      log(`  distributed ${label}: ${Math.round(result.eventsPerSec)} events/s end to end, p99 ${Math.round(result.p99Ms)} ms, ${result.missing} incidents missing`);
      return result;
    };
    const probe = await phase('probe', { events: options.probeEvents }, 'p');
    phases.pop();
    const events = options.events ?? Math.max(2000, Math.round(probe.eventsPerSec * options.seconds));
    const progress = new GroupProgress(admin, groupPrefix);
    await progress.start();
    window.from = monotonicMicros();
    const besideMeter = new BesideMeter(infra.pids);
    const sustained = await phase('sustained, 1% alerts', { events }, 's');
    const beside = besideMeter.stop();
    window.to = monotonicMicros();
    const groups = await progress.stop();
    const copy = await rawCopy(kafka, topics.raw, prefix);
    log(`  raw kafkajs copy of ${topics.raw}: ${Math.round(copy.perSec)} records/s`);
    if (!options.quick) {
      await phase('paced at 50% of sustained', { rate: sustained.eventsPerSec * 0.5, seconds: options.seconds }, 'p50');
      await phase('paced at 90% of sustained', { rate: sustained.eventsPerSec * 0.9, seconds: options.seconds }, 'p90');
    }
    const peakRssMb = new Map([...pids].map(([name, pid]) => [name, memoryMb(pid)?.peak ?? NaN]));
    const stageProfiles = options.profileStages.length > 0 ? { dir: profileDir, window } : undefined;
    return { infra: infra.origin, startSeconds, calibration, phases, groups, copy, pids, peakRssMb, stageProfiles, beside };
  } finally {
    await sender?.close().catch(() => undefined);
    await Promise.all([...stages.values()].map((stage) => stage.stop()));
    // On a broker that outlives the run (KAFKA_BROKERS), the run's topics would pile up, and a
    // broker holding those of a few dozen runs made every later run slower.
    await deleteRunTopics(admin, prefix).catch((error: unknown) => log(`distributed: the run's topics were not deleted: ${String(error)}`));
    await admin.disconnect().catch(() => undefined);
    await sink.stop();
    await infra.stop();
  }
}

async function deleteRunTopics(admin: Admin, prefix: string): Promise<void> {
  const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
  if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
}
