import type { InboundRecord, OutboundRecord } from './message';
import type { DeliveryPolicy } from '../delivery/delivery-policy';

export const EVENT_BUS = Symbol('EVENT_BUS');

export interface TopicSubscription<T> {
  topic: string;
  /**
   * Kafka only: subscribe to every topic matching this instead of `topic` (then only a label), e.g.
   * shipper topics `^shipper\.`; kafkajs matches the topics that exist when the consumer starts.
   */
  pattern?: RegExp;
  /** Turns bytes into a value; throwing marks the record as poison (dead-lettered at once). */
  decode(bytes: Buffer): T;
  // Method syntax on purpose: a subscription of a concrete type fits a list of `unknown` ones.
  handle(records: InboundRecord<T>[]): Promise<OutboundRecord[]>;
  /**
   * For a record the handler rejected: the bytes an operator needs in the dead letter instead of
   * the topic's envelope (the shipper's raw bytes inside a RawEvent). Undecodable records always
   * keep their bytes as they came.
   */
  deadLetterValue?(value: T): Buffer;
}

/** What a bus reports, so that metrics stay out of the transport. */
export interface BusObserver {
  recordsIn?(topic: string, count: number): void;
  recordsOut?(topic: string, count: number): void;
  recordsFailed?(topic: string, reason: 'dead_letter' | 'retry', count: number): void;
  handlerSeconds?(topic: string, seconds: number): void;
  lag?(topic: string, partition: number, lag: number): void;
}

export interface BusLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ConsumerSpec {
  groupId: string;
  subscriptions: TopicSubscription<unknown>[];
  deadLetterTopic: string;
  policy: DeliveryPolicy;
  /** Metrics sink of the app that owns this consumer (a bus may be shared by several apps). */
  observer?: BusObserver;
  /**
   * Test seam: runs after a batch's outputs are acknowledged and before its offsets are committed.
   * Throwing `SimulatedCrash` from it kills the consumer without committing, as a crash would.
   */
  beforeCommit?: (info: { topic: string; partition: number; lastOffset: string }) => Promise<void>;
}

export interface ConsumerHandle {
  /** Stops fetching, lets the batch in hand finish and commit, then leaves the group. */
  stop(): Promise<void>;
  /** Resolves once the consumer has joined its group and been assigned partitions. */
  readonly ready: Promise<void>;
}

/** The port every service talks to: Kafka in production, in-process for the all-in-one mode. */
export interface EventBus {
  publish(records: OutboundRecord[]): Promise<void>;
  consume(spec: ConsumerSpec): Promise<ConsumerHandle>;
  /** True when the bus can reach its broker. */
  isReady(): Promise<boolean>;
  /**
   * The partition of `topic` a record with a given key is published to, as this bus's producer
   * picks it (for state rebuilt outside the topic, e.g. the correlator's windows from history).
   */
  keyPartitioner?(topic: string): Promise<(key: string) => number>;
  close(): Promise<void>;
}

/** Thrown by a `beforeCommit` hook to make a consumer die before committing. */
export class SimulatedCrash extends Error {
  constructor() {
    super('simulated crash before commit');
  }
}
