import type { AvroCodec, Change } from '@quell/contracts';
import { createCompactedTopicReader, type BusLogger, type CompactedTopicReader, type EventBus, type KafkaClientKind, type KafkaConnectionOptions } from '@quell/platform-kafka';
import type { ChangeFeed } from './change-feed.port';

export interface KafkaChangeFeedOptions {
  bus: EventBus;
  codec: AvroCodec;
  topic: string;
  /** The bus's client (KAFKA_CLIENT): the reader uses the same. */
  client: KafkaClientKind;
  connection: KafkaConnectionOptions;
  /** Each replica reads with a group of its own under this prefix (nothing committed). */
  groupPrefix: string;
  logger: BusLogger;
}

/**
 * The changes topic (compacted, keyed by change id) as the calendar's shared store: each replica
 * reads it whole at start and follows it, so a change written through any replica reaches all.
 */
export class KafkaChangeFeed implements ChangeFeed {
  private reader?: CompactedTopicReader;

  constructor(private readonly options: KafkaChangeFeedOptions) {}

  async publish(change: Change): Promise<void> {
    const { bus, codec, topic } = this.options;
    await bus.publish([{ topic, key: change.id, value: codec.encodable('Change', change) }]);
  }

  async follow(apply: (change: Change) => void): Promise<void> {
    const { codec, topic, logger } = this.options;
    this.reader = createCompactedTopicReader(this.options.client, this.options.connection, {
      topic,
      groupPrefix: this.options.groupPrefix,
      logger,
      apply: (record) => {
        // A tombstone or a record this codec cannot read is skipped and logged: the topic keeps it.
        if (!record.value) return;
        let change: Change;
        try {
          change = codec.decode(record.value, 'Change');
        } catch (error) {
          logger.error({ topic, partition: record.partition, offset: record.offset, err: error }, 'undecodable change record skipped');
          return;
        }
        apply(change);
      },
    });
    await this.reader.start();
  }

  isHealthy(): boolean {
    return this.reader?.isHealthy() ?? false;
  }

  async stop(): Promise<void> {
    await this.reader?.stop();
  }
}
