import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topicsFor, type Topics } from '@quell/contracts';
import {
  createControllableBroker,
  createControllableRedis,
  DurableTail,
  ReadinessWatch,
  StageReplicas,
  type ControllableBroker,
  type ControllableRedis,
} from '@quell/platform-testing';
import { EVERY_EVENT, PER_HOST_COUNT } from './fault-rules';

export const API_KEY = 'fault-key-acme';
export type StageName = 'ingest' | 'normalizer' | 'correlator';
export const STAGES: readonly StageName[] = ['ingest', 'normalizer', 'correlator'];

/**
 * Ingest, normalizer and correlator as separate processes over a broker and a Redis of their own
 * (not the ones the jest global setup gives every other test, which a fault here would take down),
 * with tails on the events and alerts topics and every stage's readiness sampled each second.
 */
export class FaultPipeline {
  readonly dir = mkdtempSync(join(tmpdir(), 'quell-faults-'));
  readonly prefix = `faults-${randomUUID().slice(0, 8)}`;
  readonly topics: Topics = topicsFor(`${this.prefix}.`);
  readonly watch = new ReadinessWatch(1000);
  readonly stages = new Map<StageName, StageReplicas>();
  /** Each stage's environment, for a replica started some other way (the in-process normalizer). */
  readonly env = {} as Record<StageName, Record<string, string>>;
  broker!: ControllableBroker;
  redis!: ControllableRedis;
  raw!: DurableTail;
  events!: DurableTail;
  alerts!: DurableTail;

  async start(): Promise<void> {
    [this.broker, this.redis] = await Promise.all([
      createControllableBroker(join(this.dir, 'kafka')),
      createControllableRedis(join(this.dir, 'redis'), 'aof'),
    ]);
    await Promise.all([this.broker.start(), this.redis.start()]);
    const rulesDir = join(this.dir, 'rules');
    mkdirSync(rulesDir);
    writeFileSync(join(rulesDir, 'probe.yml'), EVERY_EVENT);
    writeFileSync(join(rulesDir, 'per-host.yml'), PER_HOST_COUNT);
    const common = {
      BUS: 'kafka',
      KAFKA_BROKERS: this.broker.brokers,
      TOPIC_PREFIX: `${this.prefix}.`,
      KAFKA_GROUP_PREFIX: `${this.prefix}-group`,
      LOG_LEVEL: 'info',
    };
    Object.assign(this.env, {
      ingest: { ...common, INGEST_API_KEYS: `acme:${API_KEY}` },
      normalizer: common,
      correlator: { ...common, REDIS_URL: this.redis.url, RULES_DIR: rulesDir, RULES_POLL_INTERVAL_MS: '0' },
    });
    const logDir = join(this.dir, 'logs');
    mkdirSync(logDir);
    for (const name of STAGES) this.stages.set(name, new StageReplicas({ app: name, env: this.env[name], logDir }));
    // One at a time: the first creates the topics, and two cores start three Nest apps slowly anyway.
    for (const name of STAGES) await this.scale(name, 1);
    this.raw = await new DurableTail([this.broker.brokers], this.topics.raw).start();
    this.events = await new DurableTail([this.broker.brokers], this.topics.events).start();
    this.alerts = await new DurableTail([this.broker.brokers], this.topics.alerts).start();
    this.watch.start();
  }

  stage(name: StageName): StageReplicas {
    const stage = this.stages.get(name);
    if (!stage) throw new Error(`no stage ${name}`);
    return stage;
  }

  /** Scales a stage; each replica gets its own embedded ClickHouse directory (one process per directory). */
  async scale(name: StageName, count: number): Promise<void> {
    const stage = this.stage(name);
    const before = stage.replicas.length;
    for (const replica of stage.replicas.slice(count)) this.watch.unwatch(replica.name);
    await stage.scaleTo(count, (index) => ({ CLICKHOUSE_DATA_DIR: join(this.dir, `clickhouse-${name}-${index + 1}`) }));
    for (const replica of stage.replicas.slice(before)) this.watch.watch(replica);
  }

  /** The topic each stage writes, as tailed here: its records so far show a stage at work. */
  outputOf(name: StageName): DurableTail {
    return { ingest: this.raw, normalizer: this.events, correlator: this.alerts }[name];
  }

  /** Every stage's log tail, for a failure message. */
  logs(lines = 25): string {
    return [...this.stages.values()]
      .flatMap((stage) => stage.replicas)
      .map((replica) => `--- ${replica.name} (${replica.logFile})\n${replica.logTail(lines)}`)
      .join('\n');
  }

  async stop(): Promise<void> {
    this.watch.stop();
    await this.raw?.stop().catch(() => undefined);
    await this.events?.stop().catch(() => undefined);
    await this.alerts?.stop().catch(() => undefined);
    for (const stage of [...this.stages.values()].reverse()) await stage.stopAll();
    await this.broker?.close();
    await this.redis?.close();
    // The stage logs stay (the failure messages point at them); broker, Redis and ClickHouse data go.
    for (const entry of readdirSync(this.dir)) if (entry !== 'logs') rmSync(join(this.dir, entry), { recursive: true, force: true });
  }
}
