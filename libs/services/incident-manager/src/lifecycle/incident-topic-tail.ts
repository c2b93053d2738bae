import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AvroCodec, Incident, Topics } from '@quell/contracts';
import { createTopicTail, DEFAULT_DELIVERY_POLICY, EVENT_BUS, type ConsumerHandle, type EventBus, type RawRecord, type TopicTail } from '@quell/platform-kafka';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { CODEC, kafkaConnectionOf, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import type { IncidentManagerConfig } from '../config';
import { IncidentChanges } from './incident-changes';

/**
 * Every incident version, whichever replica wrote it, into this replica's IncidentChanges (live
 * streams). Over Kafka each replica reads with a TopicTail (a private group from the topic's end,
 * committing nothing, over the bus's client): the shared consumer group would hand each replica
 * only its own partitions. In one process (BUS=memory) a group of the in-process bus does it.
 */
@Injectable()
export class IncidentTopicTail implements OnModuleInit, OnApplicationShutdown {
  private tail?: TopicTail;
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
    this.tail = createTopicTail(this.config.KAFKA_CLIENT, kafkaConnectionOf(this.config), {
      topic,
      groupId: `${this.config.KAFKA_GROUP_PREFIX}.incident-manager.stream.${randomUUID()}`,
      handle: (records) => {
        for (const record of records) this.publish(record);
      },
      logger: this.logger,
    });
    await this.tail.start();
    void this.tail.reading.then(this.markJoined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handle?.stop();
    await this.tail?.stop();
  }

  private publish(record: RawRecord): void {
    if (!record.value) return;
    try {
      this.changes.publish(this.codec.decode(record.value, 'Incident'));
    } catch (error) {
      // The incident-manager's own consumers dead-letter what they cannot read; a live view skips it.
      this.logger.warn({ topic: record.topic, partition: record.partition, offset: record.offset, err: error }, 'undecodable incident skipped by the live stream');
    }
  }

  private apply(incidents: Incident[]): [] {
    for (const incident of incidents) this.changes.publish(incident);
    return [];
  }
}
