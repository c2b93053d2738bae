import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import type { BusLogger } from '../bus/event-bus.port';
import type { RawRecord } from '../bus/message';
import { toRawRecord } from './kafka-event-bus';

export interface CompactedTopicReaderOptions {
  topic: string;
  /** The group id is `<groupPrefix>.<random>`: one group per reader, so every replica reads every record. */
  groupPrefix: string;
  /** Applies one record; the reader stops (and start() fails) if it throws. */
  apply(record: RawRecord): void;
  logger: BusLogger;
}

/**
 * Reads a compacted topic (a table kept in Kafka) whole and then follows it, in every replica:
 * start() resolves once every partition has been read up to the end it had when the reader
 * started, so a replica is ready only with the whole table in hand. The group is private to the
 * reader and commits nothing: each start reads from the beginning, and the group vanishes with it.
 */
export class CompactedTopicReader {
  private consumer?: Consumer;
  private failure?: Error;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: CompactedTopicReaderOptions,
  ) {}

  async start(): Promise<void> {
    const { topic, logger } = this.options;
    const remaining = await this.endOffsets();
    const consumer = this.kafka.consumer({ groupId: `${this.options.groupPrefix}.${randomUUID()}` });
    this.consumer = consumer;
    let caughtUp!: () => void;
    let failed!: (error: Error) => void;
    const done = new Promise<void>((resolve, reject) => ((caughtUp = resolve), (failed = reject)));
    if (remaining.size === 0) caughtUp();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        try {
          this.options.apply(toRawRecord(topic, partition, message));
        } catch (error) {
          this.failure = error as Error;
          failed(this.failure);
          throw error;
        }
        const end = remaining.get(partition);
        if (end !== undefined && BigInt(message.offset) + 1n >= end) {
          remaining.delete(partition);
          if (remaining.size === 0) caughtUp();
        }
      },
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      logger.error({ topic, err: payload.error }, 'compacted topic reader crashed');
      failed(payload.error);
    });
    await done;
    logger.info({ topic }, 'compacted topic read to its end');
  }

  /** False once the reader has crashed or failed to apply a record (readiness). */
  isHealthy(): boolean {
    return this.consumer !== undefined && this.failure === undefined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  /** Each non-empty partition's end (high watermark) when the read starts. */
  private async endOffsets(): Promise<Map<number, bigint>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(this.options.topic);
      return new Map(offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)]));
    } finally {
      await admin.disconnect();
    }
  }
}
