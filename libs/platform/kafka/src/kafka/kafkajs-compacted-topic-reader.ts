import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import type { CompactedTopicReader, CompactedTopicReaderOptions } from '../readers/compacted-topic-reader.port';
import { toRawRecord } from './kafka-event-bus';

/** A CompactedTopicReader over kafkajs (KAFKA_CLIENT=kafkajs). */
export class KafkajsCompactedTopicReader implements CompactedTopicReader {
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
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      logger.error({ topic, err: payload.error, restart: payload.restart }, 'compacted topic reader crashed');
      // kafkajs restarts the consumer itself after a retriable crash; otherwise the reader is done.
      if (!payload.restart) this.failure = payload.error;
      failed(payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        try {
          this.options.apply(toRawRecord(topic, partition, message));
        } catch (error) {
          // Not retried: the same record would fail again. Reading stops and the replica is unready.
          this.failure = error as Error;
          logger.error({ topic, partition, offset: message.offset, err: error }, 'compacted topic record could not be applied; reading stopped');
          consumer.pause([{ topic }]);
          failed(this.failure);
          return;
        }
        const end = remaining.get(partition);
        if (end !== undefined && BigInt(message.offset) + 1n >= end) {
          remaining.delete(partition);
          if (remaining.size === 0) caughtUp();
        }
      },
    });
    await done;
    logger.info({ topic }, 'compacted topic read to its end');
  }

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
