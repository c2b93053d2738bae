import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { registerKafkajsCodecs } from '@quell/platform-kafka';
import type { BatchSender } from './load-driver';
import type { BenchBatch } from './traffic-stream';

export function benchKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({ brokers, clientId, logLevel: logLevel.NOTHING });
}

/** Produces each batch to the ingest topic as a shipper would: one record per line, tenant and format in headers, all replicas acknowledging. */
export class KafkaSender implements BatchSender {
  retries = 0;

  private constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  static async connect(kafka: Kafka, topic: string): Promise<KafkaSender> {
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    return new KafkaSender(producer, topic);
  }

  async send(batch: BenchBatch): Promise<void> {
    const headers = { 'quell.tenant': 'bench', 'quell.format': batch.channel };
    await this.producer.send({ topic: this.topic, acks: -1, messages: batch.lines.map((value) => ({ value, headers })) });
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }
}

async function committedTotal(admin: Admin, groupId: string): Promise<{ total: number; topics: string[] }> {
  const offsets = await admin.fetchOffsets({ groupId });
  let total = 0;
  for (const topic of offsets) for (const p of topic.partitions) total += Math.max(0, Number(p.offset));
  return { total, topics: offsets.filter((t) => t.partitions.some((p) => Number(p.offset) > 0)).map((t) => t.topic) };
}

export interface GroupRate {
  group: string;
  topics: string[];
  records: number;
  seconds: number;
  perSec: number;
}

/**
 * Samples the committed offsets of every consumer group under a prefix: each group's records and
 * the time between its first and last progress, i.e. what one stage did while it had work.
 */
export class GroupProgress {
  private readonly samples: { at: number; totals: Map<string, number> }[] = [];
  private readonly topics = new Map<string, string[]>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly admin: Admin,
    private readonly groupPrefix: string,
  ) {}

  private async sample(): Promise<void> {
    const groups = (await this.admin.listGroups()).groups.map((g) => g.groupId).filter((id) => id.startsWith(this.groupPrefix));
    const totals = new Map<string, number>();
    for (const group of groups) {
      const { total, topics } = await committedTotal(this.admin, group);
      totals.set(group, total);
      if (topics.length > 0) this.topics.set(group, topics);
    }
    this.samples.push({ at: performance.now(), totals });
  }

  async start(everyMs = 500): Promise<void> {
    await this.sample();
    const tick = () => {
      this.running = this.sample()
        .catch(() => undefined)
        .then(() => {
          if (this.timer) this.timer = setTimeout(tick, everyMs);
        });
    };
    this.timer = setTimeout(tick, everyMs);
  }

  async stop(): Promise<GroupRate[]> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await this.sample();
    const groups = [...new Set(this.samples.flatMap((s) => [...s.totals.keys()]))].sort();
    return groups.map((group) => {
      const values = this.samples.map((s) => s.totals.get(group) ?? 0);
      const first = values.findIndex((v) => v > values[0]);
      const last = values.findIndex((v) => v === values[values.length - 1]);
      const records = values[values.length - 1] - values[0];
      const seconds = first < 0 ? 0 : (this.samples[last].at - this.samples[Math.max(0, first - 1)].at) / 1000;
      return { group, topics: this.topics.get(group) ?? [], records, seconds, perSec: seconds > 0 ? records / seconds : NaN };
    });
  }
}

/**
 * The baseline: a bare kafkajs consumer group copying every record of `source` to a new topic
 * (consume a batch, produce it, commit), timed until it has committed the whole topic.
 */
export interface CopyResult {
  records: number;
  seconds: number;
  perSec: number;
  /** Records per CPU-second of the copying process (this one, idle otherwise). */
  perCpuSecond: number;
}

/** How long the copy may take before the bench gives up on it: a generous floor plus 2 ms a record (500 records/s). */
export function copyDeadlineMs(records: number): number {
  return 60_000 + records * 2;
}

/**
 * Never waits unboundedly: a consumer that crashes for good (kafkajs stops on a non-retriable error,
 * e.g. a batch compressed with a codec it lacks) fails the copy with that error, a copy that does not
 * finish by its deadline fails with how far it got, and the clients are closed within a bound either way.
 */
export async function rawCopy(kafka: Kafka, source: string, prefix: string, deadlineMs?: number): Promise<CopyResult> {
  // The stages may compress (KAFKA_COMPRESSION=lz4|zstd); without these codecs kafkajs cannot read their batches.
  registerKafkajsCodecs();
  const admin = kafka.admin();
  const target = `${prefix}baseline.copy`;
  const groupId = `${prefix}baseline.copy`;
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId });
  let failed: Error | undefined;
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) failed = payload.error;
  });
  try {
    await admin.connect();
    const partitions = (await admin.fetchTopicOffsets(source)).length;
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: target, numPartitions: partitions }] });
    const ends = await admin.fetchTopicOffsets(source);
    const records = ends.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    const deadline = performance.now() + (deadlineMs ?? copyDeadlineMs(records));
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topic: source, fromBeginning: true });
    // Timed from the first batch, as the stages are (from their first progress): joining the group is not copying.
    let started: number | undefined;
    let cpuAtStart: NodeJS.CpuUsage | undefined;
    await consumer.run({
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
        started ??= performance.now();
        cpuAtStart ??= process.cpuUsage();
        await producer.send({ topic: target, acks: -1, messages: batch.messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })) });
        resolveOffset(batch.lastOffset());
        await commitOffsetsIfNecessary();
      },
    });
    const copied = async () => {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [source] });
      // An empty partition has nothing to commit.
      return ends.reduce((sum, end) => sum + Math.max(0, Number(committed.partitions.find((p) => p.partition === end.partition)?.offset ?? -1) - Number(end.low)), 0);
    };
    for (;;) {
      if (failed) throw new Error(`raw copy of ${source}: the kafkajs consumer stopped: ${failed.message}`);
      const done = await copied();
      if (done >= records) break;
      if (performance.now() > deadline) throw new Error(`raw copy of ${source}: ${done} of ${records} records committed when its deadline passed`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - (started ?? performance.now())) / 1000;
    const cpu = process.cpuUsage(cpuAtStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return { records, seconds, perSec: records / seconds, perCpuSecond: records / cpuSeconds };
  } finally {
    // A consumer stuck in a send must not hold the bench: each close gets 10 s.
    const close = (what: Promise<void>) => Promise.race([what.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    await close(consumer.disconnect());
    await close(producer.disconnect());
    await close(admin.disconnect());
  }
}
