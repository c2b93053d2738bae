import {
  Admin,
  findErrorBy,
  Producer,
  type BaseOptions,
  type CompressionAlgorithmValue,
  type MessageToProduce,
} from '@platformatic/kafka';
import { valueBytes, type OutboundRecord, type RawRecord } from '../bus/message';
import {
  SimulatedCrash,
  type ConsumerHandle,
  type ConsumerSpec,
  type EventBus,
  type TopicSubscription,
} from '../bus/event-bus.port';
import { deliverBatch } from '../delivery/deliver-batch';
import { DEAD_LETTER_HEADERS } from '../delivery/dead-letter';
import { ConsumerSupervisor } from '../supervision/consumer-supervisor';
import { chunkBySize } from '../publish/size-chunks';
import { withinTimeout } from '../publish/publish-timeout';
import { BatchTooLargeError, PublishFailedError } from '../publish/publish-failure';
import { RenewableProducer, type ConnectableProducer } from '../publish/renewable-producer';
import { splitOversizeOutputs } from '../publish/oversize-outputs';
import {
  DEFAULT_MAX_REQUEST_BYTES,
  DEFAULT_COMPRESSION,
  DEFAULT_PUBLISH_TIMEOUT_MS,
  DEFAULT_SUPERVISION,
  type ConsumerFetchOptions,
  type KafkaEventBusOptions,
} from '../kafka/kafka-event-bus';
import { JAVA_COMPATIBLE_PARTITIONER } from './platformatic-client';
import { readPlatformaticLag, subscribedTopics } from './platformatic-lag-reader';
import { MemberDead, PlatformaticMember, type PlatformaticMessage } from './platformatic-member';

export type PlatformaticEventBusOptions = KafkaEventBusOptions;

const HEARTBEAT_INTERVAL_MS = 1_000;
/** Records read from the client's buffer at once, before they are cut per partition and slice. */
const MAX_DRAIN_RECORDS = 4_096;
const TOO_LARGE = ['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE'];

/** The renewable-producer view of this client's producer (it connects on first send). */
class ProducerSlot implements ConnectableProducer {
  constructor(readonly producer: Producer<Buffer, Buffer, Buffer, Buffer>) {}
  async connect(): Promise<void> {
    // Nothing to do: this client connects on its first send.
  }
  async disconnect(): Promise<void> {
    await this.producer.close();
  }
}

function toMessage(record: OutboundRecord): MessageToProduce<Buffer, Buffer, Buffer, Buffer> {
  const headers = new Map<Buffer, Buffer>();
  for (const [name, value] of Object.entries(record.headers ?? {})) headers.set(Buffer.from(name), Buffer.from(value));
  return {
    topic: record.topic,
    key: record.key === null ? undefined : Buffer.from(record.key),
    value: valueBytes(record.value),
    headers,
  };
}

export function toRawRecord(message: PlatformaticMessage): RawRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of message.headers) headers[name.toString()] = value.toString();
  return {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset.toString(),
    key: message.key ?? null,
    value: message.value ?? null,
    headers,
    timestamp: Number(message.timestamp),
  };
}

/**
 * The EventBus over @platformatic/kafka, with the same guarantees as KafkaEventBus: an idempotent
 * producer with acks from all in-sync replicas, chunked under the request bound and settled within
 * the publish timeout; a slice's offsets committed only after its outputs and dead letters are
 * acknowledged; crashed consumers re-created by the shared ConsumerSupervisor.
 */
export class PlatformaticEventBus implements EventBus {
  private readonly producers: RenewableProducer<ProducerSlot>;
  private readonly supervisors = new Set<ConsumerSupervisor<PlatformaticMember>>();
  private readonly fetchByGroup = new Map<string, ConsumerFetchOptions>();
  /** Per member, the last offset handled of each partition: a refetch after a rejoin is skipped up to it. */
  private readonly handledUpTo = new WeakMap<PlatformaticMember, Map<string, bigint>>();
  private readonly admin: Admin;
  private readonly publishTimeoutMs: number;
  private readonly maxRequestBytes: number;
  private closed = false;

  constructor(
    private readonly base: BaseOptions,
    private readonly options: PlatformaticEventBusOptions,
  ) {
    this.publishTimeoutMs = options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
    this.maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.admin = new Admin({ ...base, clientId: `${base.clientId}-admin`, retries: 2 });
    this.producers = new RenewableProducer(
      () =>
        new ProducerSlot(
          new Producer({
            ...base,
            idempotent: true,
            acks: -1,
            compression: (options.compression ?? DEFAULT_COMPRESSION) as CompressionAlgorithmValue,
            partitioner: JAVA_COMPATIBLE_PARTITIONER,
            autocreateTopics: false,
            // Retries that end within the publish timeout, so the send gives up too, not only the caller.
            timeout: this.publishTimeoutMs,
            retries: 3,
            retryDelay: Math.max(50, Math.floor(this.publishTimeoutMs / 10)),
          }),
        ),
      this.publishTimeoutMs,
    );
    for (const [groupId, fetch] of Object.entries(options.consumerFetch ?? {})) this.fetchByGroup.set(groupId, fetch);
  }

  configureConsumer(groupId: string, fetch: ConsumerFetchOptions): void {
    this.fetchByGroup.set(groupId, fetch);
  }

  /** As KafkaEventBus.publish: chunks under the request bound, each acknowledged before the next. */
  async publish(records: OutboundRecord[]): Promise<void> {
    if (records.length === 0) return;
    const chunks = chunkBySize(records, this.maxRequestBytes);
    let slot: ProducerSlot | undefined;
    const send = async () => {
      slot = await this.producers.acquire();
      for (const chunk of chunks) await slot.producer.send({ messages: chunk.map(toMessage) });
    };
    try {
      await withinTimeout(
        send().catch((error: unknown) => {
          throw this.publishFailure(error);
        }),
        this.publishTimeoutMs,
      );
    } catch (error) {
      // Outcome unknown (only a batch refused for its size is known unwritten): new producer id.
      if (slot && !(error instanceof BatchTooLargeError)) this.producers.renew(slot);
      throw error;
    }
  }

  private publishFailure(error: unknown): Error {
    const err = error instanceof Error ? error : new Error(String(error));
    if (TOO_LARGE.some((id) => findErrorBy(err, 'apiId', id))) return new BatchTooLargeError(this.maxRequestBytes, err);
    return new PublishFailedError(err);
  }

  async consume(spec: ConsumerSpec): Promise<ConsumerHandle> {
    const fetch = { ...this.options.defaultFetch, ...this.fetchByGroup.get(spec.groupId) };
    const supervision = { ...DEFAULT_SUPERVISION, ...this.options.supervision };
    const sliceSize = fetch.maxBatchRecords ?? this.options.maxBatchRecords ?? 500;
    const partitionsAtOnce = fetch.partitionsConcurrently ?? this.options.partitionsConsumedConcurrently ?? 3;
    const state = { crashed: false };
    const supervisor: ConsumerSupervisor<PlatformaticMember> = new ConsumerSupervisor<PlatformaticMember>({
      groupId: spec.groupId,
      create: () =>
        new PlatformaticMember({
          ...this.base,
          groupId: spec.groupId,
          sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
          heartbeatInterval: HEARTBEAT_INTERVAL_MS,
          // A fetch waits up to maxWaitTime on the broker: the request must outlive it.
          timeout: 30_000,
          autocommit: false,
          ...(fetch.minBytes !== undefined ? { minBytes: fetch.minBytes } : {}),
          maxWaitTime: fetch.maxWaitTimeInMs ?? 5_000,
          // kafkajs's defaults where the group sets none (this client's own: 50 MiB for both).
          maxBytes: fetch.maxBytes ?? 10 * 1024 * 1024,
          maxBytesPerPartition: fetch.maxBytesPerPartition ?? 1024 * 1024,
        }),
      launch: async (member) => {
        const topics = await subscribedTopics(this.admin, spec.subscriptions);
        await member.run({ topics, mode: 'committed', fallbackMode: 'earliest', autocommit: false }, MAX_DRAIN_RECORDS, (messages) =>
          this.handleDrained(member, spec, state, messages, { sliceSize, partitionsAtOnce }, supervisor),
        );
      },
      readLag: () => readPlatformaticLag(this.admin, spec.groupId, spec.subscriptions),
      ...supervision,
      logger: this.options.logger,
      observer: spec.observer ?? this.options.observer,
      onUnrecoverable: this.options.onUnrecoverable,
    });
    this.supervisors.add(supervisor);
    await supervisor.start();
    return {
      ready: supervisor.ready,
      status: () => supervisor.status(),
      stop: async () => {
        await supervisor.stop();
        this.supervisors.delete(supervisor);
      },
    };
  }

  /**
   * What the stream had buffered, cut per partition (each in offset order) and handled with up to
   * `partitionsAtOnce` partitions at once (the group's own, else partitionsConsumedConcurrently).
   * Records of a partition this member no longer owns (a rebalance while they sat in the buffer)
   * are left to the new owner, which starts from the committed offset; records at or below one
   * already handled here are refetches.
   */
  private async handleDrained(
    member: PlatformaticMember,
    spec: ConsumerSpec,
    state: { crashed: boolean },
    messages: PlatformaticMessage[],
    { sliceSize, partitionsAtOnce }: { sliceSize: number; partitionsAtOnce: number },
    supervisor: ConsumerSupervisor<PlatformaticMember>,
  ): Promise<void> {
    const owned = new Set((member.consumer.assignments ?? []).flatMap((a) => a.partitions.map((p) => `${a.topic}:${p}`)));
    const byPartition = new Map<string, PlatformaticMessage[]>();
    const ownedListOf = (message: PlatformaticMessage): PlatformaticMessage[] | undefined => {
      const key = `${message.topic}:${message.partition}`;
      if (!owned.has(key)) return undefined;
      let list = byPartition.get(key);
      if (!list) byPartition.set(key, (list = []));
      return list;
    };
    // A fetch lists each partition's records together: the list is looked up when the partition changes, not per record.
    let list: PlatformaticMessage[] | undefined;
    let previous: PlatformaticMessage | undefined;
    for (const message of messages) {
      if (message.topic !== previous?.topic || message.partition !== previous.partition) list = ownedListOf(message);
      previous = message;
      list?.push(message);
    }
    const queue = [...byPartition.values()];
    const workers = Math.max(1, Math.min(partitionsAtOnce, queue.length));
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await this.handlePartition(member, spec, state, next, sliceSize, supervisor);
      }),
    );
  }

  private async handlePartition(
    member: PlatformaticMember,
    spec: ConsumerSpec,
    state: { crashed: boolean },
    messages: PlatformaticMessage[],
    sliceSize: number,
    supervisor: ConsumerSupervisor<PlatformaticMember>,
  ): Promise<void> {
    const { topic, partition } = messages[0];
    const subscription: TopicSubscription<unknown> | undefined =
      spec.subscriptions.find((s) => !s.pattern && s.topic === topic) ?? spec.subscriptions.find((s) => s.pattern?.test(topic));
    if (!subscription) return;
    const seen = this.handledUpTo.get(member) ?? new Map<string, bigint>();
    this.handledUpTo.set(member, seen);
    const key = `${topic}:${partition}`;
    const fresh = messages.filter((m) => m.offset > (seen.get(key) ?? -1n));
    for (let start = 0; start < fresh.length; start += sliceSize) {
      // A dead process does nothing: no handling, no commit, until stop() disconnects it.
      if (state.crashed) throw new MemberDead();
      const part = fresh.slice(start, start + sliceSize);
      const slice = part.map(toRawRecord);
      const last = part[part.length - 1];
      const done = supervisor.progress.batchStarted();
      try {
        await deliverBatch(slice, subscription, spec, {
          publish: (records) => this.publishOutputs(records, spec),
          logger: this.options.logger,
          observer: spec.observer ?? this.options.observer,
          keepWaiting: () => !this.closed && member.isRunning(),
          dependencies: supervisor.dependencies,
        });
        try {
          await spec.beforeCommit?.({ topic, partition, lastOffset: last.offset.toString() });
        } catch (error) {
          if (!(error instanceof SimulatedCrash)) throw error;
          state.crashed = true;
          this.options.logger.warn({ groupId: spec.groupId, topic }, 'simulated crash before commit');
          throw new MemberDead();
        }
        await last.commit();
        seen.set(key, last.offset);
      } finally {
        done();
      }
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

  async isReady(): Promise<boolean> {
    if (this.closed) return false;
    try {
      await this.admin.metadata({ topics: [], forceUpdate: true });
      return true;
    } catch {
      return false;
    }
  }

  /** The producer's partitioner (Java-compatible, as kafkajs's default) over the topic's partitions. */
  async keyPartitioner(topic: string): Promise<(key: string) => number> {
    const metadata = await this.admin.metadata({ topics: [topic] });
    const count = metadata.topics.get(topic)?.partitionsCount ?? 1;
    return (key) => {
      const bytes = Buffer.from(key);
      return JAVA_COMPATIBLE_PARTITIONER({ topic, key: bytes }, bytes, { metadata: undefined }) % count;
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.supervisors].map((s) => s.stop()));
    this.supervisors.clear();
    await this.producers.close();
    await this.admin.close().catch(() => undefined);
  }
}
