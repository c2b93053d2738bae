import type { BusLogger } from '../bus/event-bus.port';
import type { RawRecord } from '../bus/message';

export interface TopicTailSpec {
  topic: string;
  /**
   * The tail's consumer group, private to this reader (e.g. a prefix and a random id): every
   * replica reads every record. It commits nothing, so it only names the reader on the broker.
   */
  groupId: string;
  /** Takes the records of one fetch, in each partition's order. It must not throw: a tail has no dead letters. */
  handle(records: RawRecord[]): void;
  logger: BusLogger;
}

/**
 * A live view of a topic: what is published from the time it starts, in every replica (the
 * incident-manager's live streams). Over the client the bus uses (KAFKA_CLIENT), so a deployment
 * runs one Kafka client.
 */
export interface TopicTail {
  /** Joins the tail's group and starts reading; `reading` tells when the start is fixed. */
  start(): Promise<void>;
  /** Resolves once the start (the topic's end) is fixed: records published from then on are handed over. */
  readonly reading: Promise<void>;
  stop(): Promise<void>;
}
