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
  /**
   * Where an unwrapped dead letter's bytes first came from, when that is another topic (a shipper's
   * record inside a RawEvent): the origin headers then name it, and `quell.dlq.via.*` this topic.
   */
  deadLetterOrigin?(value: T): DeadLetterOrigin | undefined;
  /**
   * Headers an unwrapped dead letter carries besides the record's: what the payload's envelope
   * knew of it (its tenant, the shipper record's own headers), so the letter can be listed for
   * its tenant and replayed as the shipper sent it.
   */
  deadLetterHeaders?(value: T): Record<string, string>;
  /**
   * True when another consumer group of this topic dead-letters undecodable records: this one
   * logs and counts them (reason `undecodable_skipped`), so one bad record is one dead letter.
   */
  skipUndecodable?: boolean;
  /**
   * Which records the handler wants, told before decoding (ConsumeBatch `only`): the others are
   * passed over, neither decoded nor handled, and committed with their batch. `bytes` judges an
   * encoded value (it throws on one it cannot read, which then goes the way of an undecodable
   * record), `object` a value handed over in one process.
   */
  wants?: { bytes(value: Buffer): boolean; object(value: unknown): boolean };
}

export interface DeadLetterOrigin {
  topic: string;
  partition: number;
  offset: string;
}

/** What a bus reports, so that metrics stay out of the transport. */
export interface BusObserver {
  recordsIn?(topic: string, count: number): void;
  recordsOut?(topic: string, count: number): void;
  recordsFailed?(topic: string, reason: 'dead_letter' | 'retry' | 'undecodable_skipped', count: number): void;
  handlerSeconds?(topic: string, seconds: number): void;
  /** Records between the group's committed offset and the partition's high watermark, read from the broker. */
  lag?(topic: string, partition: number, lag: number, groupId: string): void;
  /** A consumer died (kafkajs CRASH, or its loop ended without stop()). */
  consumerCrashed?(groupId: string): void;
  /** A crashed consumer is being re-created (one call per attempt). */
  consumerRestarted?(groupId: string): void;
  /** A consumer became stuck: a batch held too long, or commits not moving while the broker shows lag. */
  consumerStalled?(groupId: string): void;
  /** A consumer began waiting out a dependency outage (a batch held past the grace): once per outage. */
  consumerWaiting?(groupId: string): void;
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
   * Throwing `ConsumerCrash` crashes the consumer the way a broker error does (kafkajs CRASH), so the
   * bus's supervision restarts it.
   */
  beforeCommit?: (info: { topic: string; partition: number; lastOffset: string }) => Promise<void>;
}

export interface ConsumerHandle {
  /** Stops fetching, lets the batch in hand finish and commit, then leaves the group. */
  stop(): Promise<void>;
  /** Resolves once the consumer has joined its group and been assigned partitions. */
  readonly ready: Promise<void>;
  /** Where the consumer stands now: readiness and liveness are judged from this. */
  status(): ConsumerStatus;
}

/**
 * `starting`: not joined yet; `running`: a member of its group in this process; `waiting`: a
 * running member whose batch is held by a dependency outage (retried until it ends, see
 * `waiting`); `restarting`: crashed and being re-created; `failed`: gave up restarting (the
 * process should exit); `stopped`: stop() was called.
 */
export type ConsumerState = 'starting' | 'running' | 'waiting' | 'restarting' | 'failed' | 'stopped';

export interface ConsumerStatus {
  groupId: string;
  state: ConsumerState;
  /** Set while a running consumer makes no progress (batch held too long, commits frozen under lag). */
  stuck?: string;
  /** Set in state `waiting`: the dependency's last error and since when (ISO time) the batch is held. */
  waiting?: { error: string; since: string };
  /** Consecutive restarts that failed (reset once the group is joined again). */
  failedRestarts: number;
  /** The last crash or restart error. */
  lastError?: string;
}

/** Why a consumer does not count as ready, or undefined when it does. */
export function notReadyReason(status: ConsumerStatus): string | undefined {
  if (status.state === 'waiting' && status.waiting) {
    const waiting = `waiting for a dependency since ${status.waiting.since}: ${status.waiting.error}`;
    return status.stuck ? `${waiting}; ${status.stuck}` : waiting;
  }
  if (status.state !== 'running') {
    return status.lastError ? `${status.state}: ${status.lastError}` : status.state;
  }
  return status.stuck;
}

export interface PublishOptions {
  /**
   * How long to wait for room on a bounded queue before throwing BusFullError (in-process bus;
   * the Kafka bus has no queue of its own to fill and ignores it). Without it a publish waits as
   * long as it takes: that wait is the backpressure that pauses the publishing stage.
   */
  waitMs?: number;
}

/** The port every service talks to: Kafka in production, in-process for the all-in-one mode. */
export interface EventBus {
  publish(records: OutboundRecord[], options?: PublishOptions): Promise<void>;
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

/**
 * Thrown by a `beforeCommit` hook to crash a consumer as kafkajs does on a non-retriable error
 * (`retriable: false` makes kafkajs emit CRASH with restart=false), e.g. after a broker outage.
 */
export class ConsumerCrash extends Error {
  readonly retriable = false;

  constructor(message = 'simulated consumer crash') {
    super(message);
    this.name = 'ConsumerCrash';
  }
}

/** Thrown by a `beforeCommit` hook to make a consumer die before committing. */
export class SimulatedCrash extends Error {
  constructor() {
    super('simulated crash before commit');
  }
}
