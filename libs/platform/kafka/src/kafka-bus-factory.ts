import { logLevel } from 'kafkajs';
import type { EventBus } from './bus/event-bus.port';
import { createKafka, type KafkaConnectionOptions } from './kafka/kafka-client';
import { KafkaEventBus, type ConsumerFetchOptions, type KafkaEventBusOptions } from './kafka/kafka-event-bus';
import { platformaticBaseOptions } from './platformatic/platformatic-client';
import { PlatformaticEventBus } from './platformatic/platformatic-event-bus';
import { PlatformaticTopicAdmin } from './platformatic/platformatic-topic-admin';
import { KafkajsTopicAdmin } from './kafka/kafkajs-topic-admin';
import type { TopicAdmin } from './topics/topic-admin.port';
import type { TopicTail, TopicTailSpec } from './readers/topic-tail.port';
import { KafkajsTopicTail } from './kafka/kafkajs-topic-tail';
import { PlatformaticTopicTail } from './platformatic/platformatic-topic-tail';
import type { CompactedTopicReader, CompactedTopicReaderOptions } from './readers/compacted-topic-reader.port';
import { KafkajsCompactedTopicReader } from './kafka/kafkajs-compacted-topic-reader';
import { PlatformaticCompactedTopicReader } from './platformatic/platformatic-compacted-topic-reader';

/** The Kafka client under the EventBus port (KAFKA_CLIENT); both keep the same contract suite. */
export const KAFKA_CLIENTS = ['kafkajs', 'platformatic'] as const;
export type KafkaClientKind = (typeof KAFKA_CLIENTS)[number];

/** A bus over the chosen client; the options mean the same for both. */
export function createKafkaEventBus(client: KafkaClientKind, connection: KafkaConnectionOptions, options: KafkaEventBusOptions): EventBus {
  return client === 'platformatic'
    ? new PlatformaticEventBus(platformaticBaseOptions(connection), options)
    : new KafkaEventBus(createKafka(connection), options);
}

/**
 * Topic administration through the same client as the bus, so a deployment needs only that one to work.
 * kafkajs's own logger stays silent here: every failure reaches the caller as the thrown error, told
 * once (an unreachable broker would otherwise print a stack trace per retry before it).
 */
export function createTopicAdmin(client: KafkaClientKind, connection: KafkaConnectionOptions): TopicAdmin {
  return client === 'platformatic'
    ? new PlatformaticTopicAdmin(platformaticBaseOptions(connection))
    : new KafkajsTopicAdmin(createKafka(connection, logLevel.NOTHING));
}

/** A live view of a topic through the same client as the bus (see TopicTail). */
export function createTopicTail(client: KafkaClientKind, connection: KafkaConnectionOptions, spec: TopicTailSpec): TopicTail {
  return client === 'platformatic' ? new PlatformaticTopicTail(platformaticBaseOptions(connection), spec) : new KafkajsTopicTail(createKafka(connection), spec);
}

/** A table kept in a compacted topic, read whole and followed, through the same client as the bus. */
export function createCompactedTopicReader(client: KafkaClientKind, connection: KafkaConnectionOptions, options: CompactedTopicReaderOptions): CompactedTopicReader {
  return client === 'platformatic'
    ? new PlatformaticCompactedTopicReader(platformaticBaseOptions(connection), options)
    : new KafkajsCompactedTopicReader(createKafka(connection), options);
}

/** A bus whose consumer groups fetch from a broker: a service tunes its own groups before they start. */
export interface FetchTunableBus extends EventBus {
  configureConsumer(groupId: string, fetch: ConsumerFetchOptions): void;
}

export function isFetchTunable(bus: EventBus): bus is FetchTunableBus {
  return typeof (bus as Partial<FetchTunableBus>).configureConsumer === 'function';
}
