import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { uniqueName } from '../unique-name';

export interface TailRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * Reads a topic from the beginning into `records`, through broker stops and restarts: the consumer
 * restarts itself after any crash (kafkajs's own `restartOnFailure`), and a record read again is
 * recognised by its position, so `records` holds each offset once. What the topic holds twice (at
 * two offsets) is kept twice: that is what a fault test counts.
 */
export class DurableTail {
  readonly records: TailRecord[] = [];
  private readonly seen = new Set<string>();
  private consumer?: Consumer;

  constructor(
    private readonly brokers: string[],
    readonly topic: string,
  ) {}

  async start(): Promise<this> {
    const kafka = new Kafka({
      brokers: this.brokers,
      clientId: 'quell-fault-tail',
      logLevel: logLevel.NOTHING,
      retry: { retries: 20, maxRetryTime: 5000, restartOnFailure: async () => true },
    });
    const consumer = kafka.consumer({ groupId: uniqueName('fault_tail'), maxWaitTimeInMs: 200, sessionTimeout: 10_000 });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const position = `${partition}:${message.offset}`;
        if (this.seen.has(position)) return;
        this.seen.add(position);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[name] = value.toString();
        this.records.push({ partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value ?? Buffer.alloc(0), headers });
      },
    });
    await joined;
    return this;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
