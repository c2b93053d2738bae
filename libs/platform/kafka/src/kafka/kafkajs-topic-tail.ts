import type { Consumer, Kafka } from 'kafkajs';
import type { TopicTail, TopicTailSpec } from '../readers/topic-tail.port';
import { toRawRecord } from './kafka-event-bus';

/** A TopicTail over kafkajs (KAFKA_CLIENT=kafkajs): a group of its own, from the topic's end, committing nothing. */
export class KafkajsTopicTail implements TopicTail {
  private consumer?: Consumer;
  private fetched!: () => void;
  readonly reading = new Promise<void>((resolve) => (this.fetched = resolve));

  constructor(
    private readonly kafka: Kafka,
    private readonly spec: TopicTailSpec,
  ) {}

  async start(): Promise<void> {
    const { topic, groupId, logger } = this.spec;
    const consumer = this.kafka.consumer({ groupId });
    this.consumer = consumer;
    // Not GROUP_JOIN: a new group's start offset (the end) is only resolved before its first fetch,
    // so a record published between the join and that fetch would be skipped.
    consumer.on(consumer.events.FETCH, () => this.fetched());
    // kafkajs restarts the consumer after a retriable crash; with nothing committed, from the end again.
    consumer.on(consumer.events.CRASH, ({ payload }) => logger.error({ topic, err: payload.error, restart: payload.restart }, 'topic tail crashed'));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => this.spec.handle(batch.messages.map((message) => toRawRecord(batch.topic, batch.partition, message))),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
