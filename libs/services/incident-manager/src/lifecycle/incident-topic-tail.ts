import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AvroCodec, Incident, Topics } from '@quell/contracts';
import { createKafka, DEFAULT_DELIVERY_POLICY, EVENT_BUS, type ConsumerHandle, type EventBus } from '@quell/platform-kafka';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { CODEC, kafkaConnectionOf, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import type { Consumer } from 'kafkajs';
import type { IncidentManagerConfig } from '../config';
import { IncidentChanges } from './incident-changes';

/**
 * Every incident version, whichever replica wrote it, into this replica's IncidentChanges (live
 * streams). Over Kafka each replica reads with a private group from the topic's end and commits
 * nothing: the shared consumer group would hand each replica only its own partitions. In one
 * process (BUS=memory) a group of the in-process bus does it.
 */
@Injectable()
export class IncidentTopicTail implements OnModuleInit, OnApplicationShutdown {
  private consumer?: Consumer;
  private handle?: ConsumerHandle;
  private markJoined!: () => void;
  /** Resolves once the tail reads the topic: changes published before that are not streamed (it starts at the end). */
  readonly joined = new Promise<void>((resolve) => (this.markJoined = resolve));

  constructor(
    private readonly changes: IncidentChanges,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(SERVICE_CONFIG) private readonly config: IncidentManagerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const topic = this.topics.incidents;
    if (this.config.BUS === 'memory') {
      this.handle = await this.bus.consume({
        // WARNING: a group of the in-process bus; renaming it is harmless (nothing outlives the process).
        groupId: `${this.config.KAFKA_GROUP_PREFIX}.incident-manager.stream`,
        subscriptions: [{ topic, decode: (bytes) => this.codec.decode(bytes, 'Incident'), handle: async (records) => this.apply(records.map((r) => r.value as Incident)), skipUndecodable: true }],
        deadLetterTopic: this.topics.deadLetters,
        policy: DEFAULT_DELIVERY_POLICY,
      });
      await this.handle.ready;
      this.markJoined();
      return;
    }
    // From the end: a live view wants what changes from now on (the list API gives the state before).
    const consumer = createKafka(kafkaConnectionOf(this.config)).consumer({ groupId: `${this.config.KAFKA_GROUP_PREFIX}.incident-manager.stream.${randomUUID()}` });
    this.consumer = consumer;
    // Not GROUP_JOIN: a new group's start offset (the end) is only resolved before its first fetch,
    // so a version published between the join and that fetch would be skipped.
    consumer.on(consumer.events.FETCH, () => this.markJoined());
    // kafkajs restarts the consumer after a retriable crash; otherwise live views stop getting changes until a restart.
    consumer.on(consumer.events.CRASH, ({ payload }) => this.logger.error({ topic, err: payload.error, restart: payload.restart }, 'live stream topic tail crashed'));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (!message.value) return;
        try {
          this.changes.publish(this.codec.decode(message.value, 'Incident'));
        } catch (error) {
          // The incident-manager's own consumers dead-letter what they cannot read; a live view skips it.
          this.logger.warn({ topic, partition, offset: message.offset, err: error }, 'undecodable incident skipped by the live stream');
        }
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handle?.stop();
    await this.consumer?.disconnect();
  }

  private apply(incidents: Incident[]): [] {
    for (const incident of incidents) this.changes.publish(incident);
    return [];
  }
}
