import {
  Partitioners,
  type Admin,
  type Consumer,
  type EachBatchPayload,
  type IHeaders,
  type Kafka,
  type KafkaMessage,
  type Message,
  type Producer,
  type TopicMessages,
} from 'kafkajs';
import type { OutboundRecord, RawRecord } from '../bus/message';
import { headerValue, valueBytes } from '../bus/message';
import {
  SimulatedCrash,
  type BusLogger,
  type BusObserver,
  type ConsumerHandle,
  type ConsumerSpec,
  type EventBus,
  type TopicSubscription,
} from '../bus/event-bus.port';
import { deliverBatch } from '../delivery/deliver-batch';
import { ConsumerSupervisor } from '../supervision/consumer-supervisor';
import { DEFAULT_RESTART_BACKOFF, type RestartBackoff } from '../supervision/restart-backoff';
import { BrokerLagReader } from './broker-lag-reader';
import { chunkBySize } from '../publish/size-chunks';
import { producerRetryFor, withinTimeout } from '../publish/publish-timeout';
import { BatchTooLargeError, publishFailure } from '../publish/publish-failure';
import { RenewableProducer } from '../publish/renewable-producer';
import { splitOversizeOutputs } from '../publish/oversize-outputs';
import { DEAD_LETTER_HEADERS } from '../delivery/dead-letter';
import { DEFAULT_DEPENDENCY_GRACE_MS } from '../delivery/dependency-wait';
import { KAFKAJS_COMPRESSION, registerKafkajsCodecs, type Compression } from './kafkajs-codecs';

/**
 * How one consumer group fetches. `minBytes` + `maxWaitTimeInMs` make the broker hold a fetch until
 * enough bytes arrived or the wait ran out (a batch bounded by size and by time); `maxBatchRecords`
 * then bounds how many records reach the handler at once (bounded by count).
 */
export interface ConsumerFetchOptions {
  maxBatchRecords?: number;
  /** kafkajs `minBytes`: the broker answers a fetch once this many bytes are ready… */
  minBytes?: number;
  /** …or once this much time passed (kafkajs `maxWaitTimeInMs`, default 5000). */
  maxWaitTimeInMs?: number;
  /** kafkajs `maxBytesPerPartition` (default 1 MiB): caps what one partition adds to a fetch, so a batch too. */
  maxBytesPerPartition?: number;
  /** kafkajs `maxBytes` (default 10 MiB): caps a whole fetch over all partitions. */
  maxBytes?: number;
  /**
   * Partitions of one fetch handled at the same time, over the bus's `partitionsConsumedConcurrently`
   * (KAFKA_PARTITIONS_CONCURRENTLY). A group whose handler joins the partitions into one write
   * (the history inserts, CoalescedWrites) takes them all at once, or a fetch is several writes.
   */
  partitionsConcurrently?: number;
}

export interface KafkaEventBusOptions {
  logger: BusLogger;
  /** Per consumer group fetch options, by group id; see also `KafkaEventBus.configureConsumer`. */
  consumerFetch?: Record<string, ConsumerFetchOptions>;
  /** Fetch options of every group, under a group's own (KAFKA_FETCH_* keys). */
  defaultFetch?: ConsumerFetchOptions;
  /** Producer batch compression (default DEFAULT_COMPRESSION; acks stay all in-sync replicas, idempotent). */
  compression?: Compression;
  observer?: BusObserver;
  /** Records handed to a handler at once; a larger fetch is cut into slices of this size. */
  maxBatchRecords?: number;
  /** Partitions of one consumer handled concurrently (each partition stays in order). */
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  /** Restart backoff and bound, stuck bounds, lag read interval (defaults: DEFAULT_SUPERVISION). */
  supervision?: Partial<SupervisionOptions>;
  /** A publish settles within this (default 5 s). */
  publishTimeoutMs?: number;
  /** Produce requests stay under this many bytes (default 900,000; the broker's default limit is 1 MiB). */
  maxRequestBytes?: number;
  /** Called once a consumer's restarts are given up: the process should exit non-zero. */
  onUnrecoverable?(groupId: string, error: Error): void;
}

export interface SupervisionOptions {
  backoff: RestartBackoff;
  /** A batch held longer than this makes the consumer stuck (not ready). */
  maxBatchMs: number;
  /** Committed offsets unchanged this long while the broker shows lag make the consumer stuck. */
  stallMs: number;
  /** How often the group's lag is read from the broker. */
  lagIntervalMs: number;
  /** A batch held by a dependency outage this long makes the consumer `waiting` (not ready). */
  dependencyGraceMs: number;
}

export const DEFAULT_SUPERVISION: SupervisionOptions = {
  backoff: DEFAULT_RESTART_BACKOFF,
  maxBatchMs: 120_000,
  stallMs: 120_000,
  lagIntervalMs: 10_000,
  dependencyGraceMs: DEFAULT_DEPENDENCY_GRACE_MS,
};

const HEARTBEAT_INTERVAL_MS = 1_000;
export const DEFAULT_PUBLISH_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_REQUEST_BYTES = 900_000;
export const DEFAULT_COMPRESSION: Compression = 'none';

function byTopic(records: OutboundRecord[]): TopicMessages[] {
  const grouped = new Map<string, Message[]>();
  for (const r of records) {
    const list = grouped.get(r.topic) ?? [];
    // A contract value is encoded here, where it leaves the process (once: chunking sized it already).
    list.push({ key: r.key, value: valueBytes(r.value), headers: r.headers });
    grouped.set(r.topic, list);
  }
  return [...grouped].map(([topic, messages]) => ({ topic, messages }));
}

function toHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const text = headerValue(value);
    if (text !== undefined) out[name] = text;
  }
  return out;
}

export function toRawRecord(topic: string, partition: number, message: KafkaMessage): RawRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: toHeaders(message.headers),
    timestamp: Number(message.timestamp),
  };
}

/**
 * The production bus. The producer is idempotent with acks from all in-sync replicas; a consumer
 * commits a slice's offsets only after that slice's outputs and dead letters are acknowledged, so a
 * crash at any point replays work rather than losing it.
 */
export class KafkaEventBus implements EventBus {
  private readonly producers: RenewableProducer;
  private readonly supervisors = new Set<ConsumerSupervisor>();
  private readonly publishTimeoutMs: number;
  private readonly maxRequestBytes: number;
  private readonly lag: BrokerLagReader;
  private readonly fetchByGroup = new Map<string, ConsumerFetchOptions>();
  /** The readiness probe's admin client, connected once and kept (dropped after an error). */
  private probeAdmin?: Promise<Admin>;
  private closed = false;
  private readonly compression: Compression;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: KafkaEventBusOptions,
  ) {
    this.lag = new BrokerLagReader(kafka);
    this.publishTimeoutMs = options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
    this.maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.compression = options.compression ?? DEFAULT_COMPRESSION;
    // Always: a consumer must read lz4/zstd batches whoever produced them.
    registerKafkajsCodecs();
    this.producers = new RenewableProducer(
      () =>
        kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          allowAutoTopicCreation: false,
          // Retries that end within the publish timeout: the send gives up too, not only the caller.
          retry: producerRetryFor(this.publishTimeoutMs),
        }),
      this.publishTimeoutMs,
    );
    for (const [groupId, fetch] of Object.entries(options.consumerFetch ?? {})) this.fetchByGroup.set(groupId, fetch);
  }

  /**
   * Sets how a group fetches before it starts consuming. A bus is shared by every service of a
   * process, so a service tunes its own groups here rather than in the bus's constructor.
   */
  configureConsumer(groupId: string, fetch: ConsumerFetchOptions): void {
    this.fetchByGroup.set(groupId, fetch);
  }

  /**
   * Resolves once every record is acknowledged by all in-sync replicas, or rejects within the
   * publish timeout: retriable (PublishTimeoutError, PublishFailedError) for a broker that is away,
   * not retriable for a record over the request bound. The records go in chunks under the bound,
   * each acknowledged before the next (per-key order holds). A rejected publish may still have
   * been written in part or whole (a chunk acknowledged before the failure, or a send that reached
   * the broker before the timeout): retrying callers get duplicates, which is why ingest gives
   * events ids derived from the request's idempotency key. A paused (not stopped) broker holds a
   * request open up to the client's requestTimeout: the send lives on that long, the caller not.
   */
  async publish(records: OutboundRecord[]): Promise<void> {
    if (records.length === 0) return;
    const chunks = chunkBySize(records, this.maxRequestBytes);
    let producer: Producer | undefined;
    const send = async () => {
      producer = await this.producers.acquire();
      for (const chunk of chunks) await producer.sendBatch({
          acks: -1,
          timeout: this.publishTimeoutMs,
          compression: KAFKAJS_COMPRESSION[this.compression],
          topicMessages: byTopic(chunk),
        });
    };
    try {
      await withinTimeout(
        send().catch((error: unknown) => {
          throw publishFailure(error, this.maxRequestBytes);
        }),
        this.publishTimeoutMs,
      );
    } catch (error) {
      // Outcome unknown (only a batch refused for its size is known unwritten): new producer id.
      if (producer && !(error instanceof BatchTooLargeError)) this.producers.renew(producer);
      throw error;
    }
  }

  async consume(spec: ConsumerSpec): Promise<ConsumerHandle> {
    const fetch = { ...this.options.defaultFetch, ...this.fetchByGroup.get(spec.groupId) };
    const supervision = { ...DEFAULT_SUPERVISION, ...this.options.supervision };
    const subscriptions = new Map(spec.subscriptions.map((s) => [s.topic, s]));
    const state = { crashed: false };
    const observer = spec.observer ?? this.options.observer;
    const supervisor: ConsumerSupervisor = new ConsumerSupervisor({
      groupId: spec.groupId,
      create: () =>
        this.kafka.consumer({
          groupId: spec.groupId,
          ...(fetch.minBytes !== undefined ? { minBytes: fetch.minBytes } : {}),
          ...(fetch.maxWaitTimeInMs !== undefined ? { maxWaitTimeInMs: fetch.maxWaitTimeInMs } : {}),
          ...(fetch.maxBytesPerPartition !== undefined ? { maxBytesPerPartition: fetch.maxBytesPerPartition } : {}),
          ...(fetch.maxBytes !== undefined ? { maxBytes: fetch.maxBytes } : {}),
          sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
          heartbeatInterval: HEARTBEAT_INTERVAL_MS,
          allowAutoTopicCreation: false,
          // kafkajs never restarts a crashed consumer itself: every crash goes through the
          // supervisor, with one backoff, one bound and one count.
          retry: { retries: 8, restartOnFailure: async () => false },
        }),
      launch: async (consumer) => {
        await consumer.connect();
        await consumer.subscribe({ topics: spec.subscriptions.map((s) => s.pattern ?? s.topic), fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: fetch.partitionsConcurrently ?? this.options.partitionsConsumedConcurrently ?? 3,
          eachBatch: async (payload) => {
            const done = supervisor.progress.batchStarted();
            // kafkajs heartbeats only between fetches: a batch handled for longer than the session
            // (a history rebuild, a slow store) would lose the member and be redone after its
            // commit failed. Heartbeat errors are left to the commit, which reports them.
            const beat = setInterval(() => void payload.heartbeat().catch(() => undefined), HEARTBEAT_INTERVAL_MS);
            try {
              await this.handleFetchedBatch(consumer, spec, subscriptions, state, payload, supervisor);
            } finally {
              clearInterval(beat);
              done();
            }
          },
        });
      },
      readLag: () => this.lag.read(spec.groupId, spec.subscriptions),
      ...supervision,
      logger: this.options.logger,
      observer,
      onUnrecoverable: this.options.onUnrecoverable,
    });
    this.supervisors.add(supervisor);
    await supervisor.start();
    return {
      ready: supervisor.ready,
      status: () => supervisor.status(),
      stop: async () => {
        // disconnect() stops fetching and waits for the batch in hand, which commits as usual.
        await supervisor.stop();
        this.supervisors.delete(supervisor);
      },
    };
  }

  private async handleFetchedBatch(
    consumer: Consumer,
    spec: ConsumerSpec,
    subscriptions: Map<string, TopicSubscription<unknown>>,
    state: { crashed: boolean },
    { batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload,
    supervisor: ConsumerSupervisor,
  ): Promise<void> {
    const subscription = subscriptions.get(batch.topic) ?? spec.subscriptions.find((s) => s.pattern?.test(batch.topic));
    if (!subscription) return;
    if (state.crashed) {
      // A dead process does nothing: no handling, no commit, until stop() disconnects it.
      await new Promise((resolve) => setTimeout(resolve, 100));
      return;
    }
    const sliceSize = this.fetchByGroup.get(spec.groupId)?.maxBatchRecords ?? this.options.maxBatchRecords ?? 500;
    for (let start = 0; start < batch.messages.length; start += sliceSize) {
      // After a rebalance the partition may belong to someone else: stop before doing work twice.
      if (!isRunning() || isStale()) return;
      const slice = batch.messages.slice(start, start + sliceSize).map((m) => toRawRecord(batch.topic, batch.partition, m));
      const last = slice[slice.length - 1].offset;
      await deliverBatch(slice, subscription, spec, {
        publish: (records) => this.publishOutputs(records, spec),
        logger: this.options.logger,
        observer: spec.observer ?? this.options.observer,
        keepWaiting: () => isRunning() && !isStale(),
        dependencies: supervisor.dependencies,
      });
      try {
        await spec.beforeCommit?.({ topic: batch.topic, partition: batch.partition, lastOffset: last });
      } catch (error) {
        if (!(error instanceof SimulatedCrash)) throw error;
        state.crashed = true;
        this.options.logger.warn({ groupId: spec.groupId, topic: batch.topic }, 'simulated crash before commit');
        return;
      }
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
      ]);
      resolveOffset(last);
      await heartbeat();
    }
  }

  /** A batch's outputs and dead letters; an output too large to ever publish is dead-lettered instead. */
  private async publishOutputs(records: OutboundRecord[], spec: ConsumerSpec): Promise<void> {
    const { fitting, deadLetters } = splitOversizeOutputs(records, this.maxRequestBytes, spec.deadLetterTopic, spec.groupId);
    for (const letter of deadLetters) {
      const topic = letter.headers?.[DEAD_LETTER_HEADERS.topic] ?? '';
      const bytes = Number(letter.headers?.[DEAD_LETTER_HEADERS.truncatedFrom]);
      this.options.logger.error({ groupId: spec.groupId, topic, bytes }, 'output too large to publish, sent to the dead-letter topic');
      (spec.observer ?? this.options.observer)?.recordsFailed?.(topic, 'dead_letter', 1);
    }
    await this.publish(deadLetters.length === 0 ? records : [...fitting, ...deadLetters]);
  }

  /**
   * One describeCluster over an admin client kept connected between probes: a probe every few
   * seconds per process must not open (and tear down) a broker connection each time. After an
   * error the client is dropped, so the next probe connects afresh (the broker may have restarted).
   */
  async isReady(): Promise<boolean> {
    if (this.closed) return false;
    const pending = this.connectedProbeAdmin();
    try {
      await (await pending).describeCluster();
      return true;
    } catch {
      if (this.probeAdmin === pending) this.probeAdmin = undefined;
      await pending.then((admin) => admin.disconnect()).catch(() => undefined);
      return false;
    }
  }

  private connectedProbeAdmin(): Promise<Admin> {
    this.probeAdmin ??= (async () => {
      const admin = this.kafka.admin();
      try {
        await admin.connect();
        return admin;
      } catch (error) {
        await admin.disconnect().catch(() => undefined);
        throw error;
      }
    })();
    return this.probeAdmin;
  }

  /** kafkajs's default partitioner (the producer's) over the topic's current partitions. */
  async keyPartitioner(topic: string): Promise<(key: string) => number> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitionMetadata = topics[0].partitions;
      const partitioner = Partitioners.DefaultPartitioner();
      return (key) => partitioner({ topic, partitionMetadata, message: { key, value: null } });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const probeAdmin = this.probeAdmin;
    this.probeAdmin = undefined;
    await probeAdmin?.then((admin) => admin.disconnect()).catch(() => undefined);
    await Promise.all([...this.supervisors].map((s) => s.stop()));
    this.supervisors.clear();
    await this.lag.close();
    await this.producers.close();
  }
}
