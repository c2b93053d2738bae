import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

export interface TailedRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/** Reads a topic from the beginning with a throwaway group, for assertions. */
export class TopicTail {
  readonly records: TailedRecord[] = [];
  private consumer?: Consumer;

  constructor(
    private readonly brokers: string[],
    readonly topic: string,
  ) {}

  async start(): Promise<this> {
    const kafka = new Kafka({ brokers: this.brokers, clientId: 'e2e-tail', logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({ groupId: `e2e-tail-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = v.toString();
        this.records.push({ partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value ?? Buffer.alloc(0), headers });
      },
    });
    return this;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** True once `groupId` has committed everything currently on `topic`. */
export async function groupCaughtUp(brokers: string[], groupId: string, topic: string): Promise<boolean> {
  const admin = new Kafka({ brokers, clientId: 'e2e-admin', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return ends.every((end) => {
      const done = committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
      return end.high === '0' || BigInt(done) >= BigInt(end.high);
    });
  } finally {
    await admin.disconnect();
  }
}
