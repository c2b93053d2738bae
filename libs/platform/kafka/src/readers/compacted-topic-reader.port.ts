import type { BusLogger } from '../bus/event-bus.port';
import type { RawRecord } from '../bus/message';

export interface CompactedTopicReaderOptions {
  topic: string;
  /** The group id is `<groupPrefix>.<random>`: one group per reader, so every replica reads every record. */
  groupPrefix: string;
  /** Applies one record; if it throws, reading stops, start() fails and the reader is unhealthy. */
  apply(record: RawRecord): void;
  logger: BusLogger;
}

/**
 * Reads a compacted topic (a table kept in Kafka) whole and then follows it, in every replica:
 * start() resolves once every partition has been read up to the end it had when the reader
 * started, so a replica is ready only with the whole table in hand. The group is private to the
 * reader and commits nothing: each start reads from the beginning, and the group vanishes with it.
 * Over the client the bus uses (KAFKA_CLIENT).
 */
export interface CompactedTopicReader {
  start(): Promise<void>;
  /** False once the reader has crashed for good or failed to apply a record (readiness). */
  isHealthy(): boolean;
  stop(): Promise<void>;
}
