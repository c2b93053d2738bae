import { encodeRecords, valueBytes, type DeliveredRecord, type OutboundRecord, type RawRecord } from '../bus/message';
import {
  SimulatedCrash,
  type BusLogger,
  type BusObserver,
  type ConsumerHandle,
  type ConsumerSpec,
  type ConsumerStatus,
  type EventBus,
  type PublishOptions,
  type TopicSubscription,
} from '../bus/event-bus.port';
import { deliverBatch } from '../delivery/deliver-batch';
import { DEFAULT_DEPENDENCY_GRACE_MS, DependencyWait } from '../delivery/dependency-wait';
import { ContractBreachError, ContractVerifier } from './contract-verifier';
import { partitionForKey } from './partitioner';
import { approximateBatchBytes } from './record-size';
import { TopicRoom } from './topic-room';
import { DEFAULT_RESTART_BACKOFF, restartDelayMs, type RestartBackoff } from '../supervision/restart-backoff';

/** A group's fetch as configureConsumer set it. */
interface InProcessFetch {
  /** Most records handed over at once from one partition (default: the bus's maxBatchRecords). */
  slice?: number;
  /** How long a partition may fill towards a whole slice before what it holds is handed over. */
  fillWaitMs?: number;
}

interface PartitionLog {
  /** Offset of records[0]; records below the slowest committed offset are trimmed. */
  base: number;
  /** As published: contract values stay objects (see EncodableValue), other values bytes. */
  records: DeliveredRecord[];
  /** Approximate bytes of the records before records[0] since the partition began (trimmed ones). */
  baseBytes: number;
  /** ends[i]: approximate bytes of the records up to records[i] included, since the partition began. */
  ends: number[];
}

/** The default bound on a topic's backlog (INPROCESS_QUEUE_MAX_RECORDS). */
export const DEFAULT_QUEUE_MAX_RECORDS = 20_000;
/**
 * The default bound on a topic's backlog in approximate bytes (INPROCESS_QUEUE_MAX_BYTES): ~6,800
 * Events. Under an HTTP flood at ~2,900 events/s the all-in-one peaked at 1,207 MB RSS with 16 MiB
 * against 1,471 with 64 (tools/bench/all-in-one-memory.ts, one run each on a shared machine).
 */
export const DEFAULT_QUEUE_MAX_BYTES = 16 * 2 ** 20;

export interface InProcessEventBusOptions {
  partitions?: number;
  maxBatchRecords?: number;
  logger: BusLogger;
  observer?: BusObserver;
  /** Backoff of a consumer whose loop failed (default: DEFAULT_RESTART_BACKOFF). */
  restartBackoff?: RestartBackoff;
  /** A batch held by a dependency outage this long makes its consumer `waiting` (default DEFAULT_DEPENDENCY_GRACE_MS). */
  dependencyGraceMs?: number;
  /**
   * Records a topic may hold that its slowest running group has not committed (default
   * DEFAULT_QUEUE_MAX_RECORDS): a publish into a full topic waits for room, which holds the
   * publishing stage's own batch and so pauses its consumer. Topics nobody reads, and dead-letter
   * topics, never make a publisher wait: they keep their last this many records instead.
   */
  queueMaxRecords?: number;
  /**
   * The same bound in approximate bytes (see approximateBatchBytes; default
   * DEFAULT_QUEUE_MAX_BYTES), so that memory stays bounded whatever the records' size.
   */
  queueMaxBytes?: number;
  /**
   * Tests: every contract value is written with its codec and read back, and must come back the
   * same (else ContractBreachError naming the topic and the path), then is frozen so a consumer
   * that mutates what it was handed throws. Off in production: the objects cross no wire.
   */
  verifyContracts?: boolean;
  /**
   * Tests and benchmarks: every contract value is encoded at publish and decoded by each
   * consumer, as across a process (what this bus did before it handed objects over).
   */
  encodeValues?: boolean;
}

/**
 * The bus of the all-in-one mode and of unit tests, with the Kafka bus's contract: records with
 * one key keep their order (one partition, handled sequentially), delivery is at least once
 * (offsets commit after outputs are appended), and failures go to the dead-letter topic.
 * One consumer per group at a time: there is no rebalancing inside one process.
 * Contract values are handed over as objects, never encoded (see EncodableValue), and each topic's
 * backlog is bounded (see queueMaxRecords).
 */
export class InProcessEventBus implements EventBus {
  private readonly logs = new Map<string, PartitionLog[]>();
  /** committed[group][topic][partition] = next offset to read; kept when a consumer stops. */
  private readonly committed = new Map<string, Map<string, number[]>>();
  /** The topics each running consumer reads, by group: a topic's backlog counts only these groups. */
  private readonly readers = new Map<string, ReadonlySet<string>>();
  private readonly deadLetterTopics = new Set<string>();
  /** Idle consumers, each with the topics it reads: a publish wakes only those it concerns. */
  private readonly wakers = new Map<() => void, ReadonlySet<string>>();
  /** Bumped on every publish, so a consumer never sleeps through a publish that raced its poll. */
  private generation = 0;
  private readonly partitions: number;
  private readonly room: TopicRoom;
  /** A topic's share of the bound per partition, kept by retention where nobody needs more. */
  private readonly retainedPerPartition: number;
  /** The same share in approximate bytes: a topic nobody reads in the process may hold large records (OCSF findings). */
  private readonly retainedBytesPerPartition: number;
  private readonly verifier?: ContractVerifier;
  private readonly breaches: ContractBreachError[] = [];
  private closed = false;
  /** Per group fetch tuning set by configureConsumer (slice size over maxBatchRecords, fill wait). */
  private readonly fetchByGroup = new Map<string, InProcessFetch>();

  constructor(private readonly options: InProcessEventBusOptions) {
    this.partitions = options.partitions ?? 3;
    const maxRecords = options.queueMaxRecords ?? DEFAULT_QUEUE_MAX_RECORDS;
    this.room = new TopicRoom(
      { backlog: (topic) => this.backlog(topic), backlogBytes: (topic) => this.backlogBytes(topic), bounded: (topic) => this.bounded(topic) },
      maxRecords,
      options.queueMaxBytes ?? DEFAULT_QUEUE_MAX_BYTES,
    );
    this.retainedPerPartition = Math.ceil(maxRecords / this.partitions);
    this.retainedBytesPerPartition = Math.ceil((options.queueMaxBytes ?? DEFAULT_QUEUE_MAX_BYTES) / this.partitions);
    if (options.verifyContracts) this.verifier = new ContractVerifier();
  }

  private log(topic: string): PartitionLog[] {
    let log = this.logs.get(topic);
    if (!log) {
      log = Array.from({ length: this.partitions }, () => ({ base: 0, records: [], baseBytes: 0, ends: [] }));
      this.logs.set(topic, log);
    }
    return log;
  }

  /**
   * Appends the records, topic by topic, each once its topic has room (see queueMaxRecords); with
   * `waitMs`, throws BusFullError when a topic has none in time (records of topics appended
   * before stay published, as a failed Kafka publish may have been written in part).
   */
  async publish(records: OutboundRecord[], options: PublishOptions = {}): Promise<void> {
    await this.publishFrom(records, options.waitMs);
  }

  /** `own`: topics the publishing consumer reads itself; waiting on them would wait on itself. */
  private async publishFrom(published: OutboundRecord[], waitMs: number | undefined, own?: ReadonlySet<string>): Promise<void> {
    if (published.length === 0) return;
    this.verify(published);
    const records = this.options.encodeValues ? encodeRecords(published) : published;
    const deadline = waitMs === undefined ? undefined : Date.now() + waitMs;
    for (const [topic, batch] of byTopic(records)) {
      const bounded = !own?.has(topic);
      const sizes = approximateBatchBytes(batch);
      const bytes = sizes.reduce((sum, size) => sum + size, 0);
      if (bounded) {
        const granted = this.room.acquire(topic, batch.length, bytes, deadline === undefined ? undefined : Math.max(0, deadline - Date.now()));
        if (granted) {
          // A consumer letting a partition fill (see configureConsumer) takes what there is now.
          this.wake(topic);
          await granted;
        }
      }
      this.append(topic, batch, sizes);
      if (bounded) this.room.release(topic, batch.length, bytes);
      this.wake(topic);
    }
  }

  private append(topic: string, records: OutboundRecord[], sizes: number[]): void {
    const now = Date.now();
    const log = this.log(topic);
    for (let index = 0; index < records.length; index += 1) {
      const record = records[index];
      const partition = partitionForKey(record.key, this.partitions);
      const target = log[partition];
      target.ends.push((target.ends.length > 0 ? target.ends[target.ends.length - 1] : target.baseBytes) + sizes[index]);
      target.records.push({
        topic,
        partition,
        offset: String(target.base + target.records.length),
        key: record.key,
        value: record.value,
        headers: record.headers ? { ...record.headers } : {},
        timestamp: now,
      });
    }
    for (let partition = 0; partition < this.partitions; partition += 1) {
      if (log[partition].records.length > this.retainedPerPartition || retainedBytes(log[partition]) > this.retainedBytesPerPartition) this.trim(topic, partition);
    }
  }

  private wake(topic: string): void {
    this.generation += 1;
    for (const [wake, reads] of [...this.wakers]) if (reads.has(topic)) wake();
  }

  /** Every record currently retained on a topic, as bytes (contract values encoded), for tests and the console. */
  read(topic: string): RawRecord[] {
    return this.log(topic).flatMap((p) =>
      p.records.map((r) => ({ ...r, key: typeof r.key === 'string' ? Buffer.from(r.key) : r.key, value: r.value === null ? null : valueBytes(r.value) })),
    );
  }

  /**
   * Records published to a topic and not yet committed by its slowest running consumer group, or by
   * the slowest of those `counted` keeps (a replay pacing itself on the stages it feeds).
   */
  backlog(topic: string, counted?: (groupId: string) => boolean): number {
    return this.sumUncommitted(topic, (_part, from, end) => end - from, counted);
  }

  /** The approximate bytes of those records (see approximateRecordBytes). */
  backlogBytes(topic: string): number {
    return this.sumUncommitted(topic, (part, from, end) => bytesBefore(part, end) - bytesBefore(part, from));
  }

  /** `measure` summed over each partition's records from its slowest running group's offset to its end. */
  private sumUncommitted(topic: string, measure: (part: PartitionLog, from: number, end: number) => number, counted?: (groupId: string) => boolean): number {
    const log = this.logs.get(topic);
    if (!log) return 0;
    let total = 0;
    for (let partition = 0; partition < this.partitions; partition += 1) {
      const part = log[partition];
      const end = part.base + part.records.length;
      total += measure(part, Math.max(part.base, Math.min(end, this.slowestRunning(topic, partition, counted))), end);
    }
    return total;
  }

  /** Publishers waiting for room on a topic. */
  waitingPublishers(topic: string): number {
    return this.room.waiting(topic);
  }

  /** With verifyContracts: every breach met so far (each also logged, and failed its publish). */
  contractBreaches(): readonly ContractBreachError[] {
    return this.breaches;
  }

  private verify(records: readonly OutboundRecord[]): void {
    if (!this.verifier) return;
    try {
      this.verifier.verify(records);
    } catch (error) {
      if (error instanceof ContractBreachError) {
        this.breaches.push(error);
        this.options.logger.error({ topic: error.topic, path: error.path, err: error }, 'contract breach');
      }
      throw error;
    }
  }

  /** Next offset of the slowest running group reading the topic; Infinity when none does. */
  private slowestRunning(topic: string, partition: number, counted: (groupId: string) => boolean = () => true): number {
    let slowest = Infinity;
    for (const [groupId, reads] of this.readers) {
      if (reads.has(topic) && counted(groupId)) slowest = Math.min(slowest, this.committed.get(groupId)?.get(topic)?.[partition] ?? 0);
    }
    return slowest;
  }

  /** Dead letters never wait (a consumer failing records must not stall on them); nor does a topic nobody reads. */
  private bounded(topic: string): boolean {
    if (this.closed || this.deadLetterTopics.has(topic)) return false;
    for (const reads of this.readers.values()) if (reads.has(topic)) return true;
    return false;
  }

  /**
   * Sets a group's fetch before it starts (the Kafka buses' tuning, of which `maxBatchRecords` and
   * `maxWaitTimeInMs` mean something here): the history writer inserts thousands of events at once
   * where the other stages keep their batch size. With a wait, a partition is handed over once it
   * holds a whole slice, or its oldest record waited that long, or the topic is half full (see
   * TopicRoom.halfFull), as a broker holds a fetch until minBytes: an insert of a few records costs
   * the embedded ClickHouse nearly what one of thousands does, and makes parts to merge.
   */
  configureConsumer(groupId: string, fetch: { maxBatchRecords?: number; maxWaitTimeInMs?: number }): void {
    this.fetchByGroup.set(groupId, { slice: fetch.maxBatchRecords, fillWaitMs: fetch.maxWaitTimeInMs });
  }

  async consume(spec: ConsumerSpec): Promise<ConsumerHandle> {
    if (this.readers.has(spec.groupId)) throw new Error(`group ${spec.groupId} already has a consumer in this process`);
    const offsets = this.committed.get(spec.groupId) ?? new Map<string, number[]>();
    this.committed.set(spec.groupId, offsets);
    for (const s of spec.subscriptions) if (!offsets.has(s.topic)) offsets.set(s.topic, new Array(this.partitions).fill(0));
    const reads: ReadonlySet<string> = new Set(spec.subscriptions.map((s) => s.topic));
    this.readers.set(spec.groupId, reads);
    this.deadLetterTopics.add(spec.deadLetterTopic);

    let running = true;
    let wake: () => void = () => undefined;
    const status: ConsumerStatus = { groupId: spec.groupId, state: 'running', failedRestarts: 0 };
    const backoff = this.options.restartBackoff ?? DEFAULT_RESTART_BACKOFF;
    const dependencies = new DependencyWait({
      groupId: spec.groupId,
      graceMs: this.options.dependencyGraceMs ?? DEFAULT_DEPENDENCY_GRACE_MS,
      logger: this.options.logger,
      observer: spec.observer ?? this.options.observer,
    });
    const pollUntilStopped = async () => {
      while (running) {
        const seen = this.generation;
        const { worked, dueAt } = await this.pollOnce(spec, offsets, reads, () => running, dependencies);
        if (worked) status.failedRestarts = 0;
        if (!worked && running && seen === this.generation) {
          let timer: NodeJS.Timeout | undefined;
          await new Promise<void>((resolve) => {
            wake = resolve;
            this.wakers.set(resolve, reads);
            // A partition still filling (see configureConsumer) is handed over when its wait ends.
            if (dueAt !== undefined) timer = setTimeout(resolve, Math.max(0, dueAt - Date.now()));
          });
          clearTimeout(timer);
          this.wakers.delete(wake);
        }
      }
    };
    // Supervised like the Kafka bus's consumers: an error out of the loop restarts it from the
    // last commit after a backoff; a SimulatedCrash stands for a dead process and stays dead.
    const loop = (async () => {
      for (;;) {
        try {
          await pollUntilStopped();
          return;
        } catch (error) {
          dependencies.clear();
          const err = error instanceof Error ? error : new Error(String(error));
          status.lastError = `${err.name}: ${err.message}`;
          if (error instanceof SimulatedCrash) {
            this.options.logger.warn({ groupId: spec.groupId, err: error }, 'in-process consumer stopped');
            status.state = 'failed';
            return;
          }
          (spec.observer ?? this.options.observer)?.consumerCrashed?.(spec.groupId);
          if (status.failedRestarts >= backoff.maxFailedRestarts) {
            this.options.logger.error({ groupId: spec.groupId, err }, 'in-process consumer could not be restarted, giving up');
            status.state = 'failed';
            return;
          }
          status.state = 'restarting';
          status.failedRestarts += 1;
          const delayMs = restartDelayMs(status.failedRestarts, backoff);
          this.options.logger.error({ groupId: spec.groupId, err, attempt: status.failedRestarts, delayMs }, 'in-process consumer crashed, restarting');
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, delayMs).unref();
          });
          if (!running) return;
          (spec.observer ?? this.options.observer)?.consumerRestarted?.(spec.groupId);
          status.state = 'running';
        }
      }
    })().finally(() => {
      this.readers.delete(spec.groupId);
      // A stopped group holds no one back: publishers waiting on its topics may go on.
      for (const topic of reads) this.room.admit(topic);
    });

    return {
      ready: Promise.resolve(),
      status: () => {
        const waiting = status.state === 'running' ? dependencies.current() : undefined;
        return waiting ? { ...status, state: 'waiting', waiting } : { ...status };
      },
      stop: async () => {
        running = false;
        wake();
        await loop;
        dependencies.clear();
        status.state = 'stopped';
      },
    };
  }

  /**
   * Handles at most one slice per partition; `worked` when there was anything to do, `dueAt` when
   * a partition is still filling (see configureConsumer) and should be handed over then. A group
   * with a fetch configured gets its due partitions side by side, as a Kafka fetch hands them over
   * (KAFKA_PARTITIONS_CONCURRENTLY), so a writer can join them into one insert (CoalescedWrites);
   * one by one, the all-in-one's history inserts held one partition's ~1,600 events each.
   */
  private async pollOnce(
    spec: ConsumerSpec,
    offsets: Map<string, number[]>,
    reads: ReadonlySet<string>,
    keepWaiting: () => boolean,
    dependencies: DependencyWait,
  ): Promise<{ worked: boolean; dueAt?: number }> {
    let worked = false;
    let dueAt: number | undefined;
    const fetch = this.fetchByGroup.get(spec.groupId);
    const sliceSize = fetch?.slice ?? this.options.maxBatchRecords ?? 500;
    for (const subscription of spec.subscriptions) {
      const log = this.log(subscription.topic);
      const next = offsets.get(subscription.topic)!;
      const fillWaitMs = fetch?.fillWaitMs ?? 0;
      const filling = fillWaitMs > 0 && this.room.waiting(subscription.topic) === 0 && !this.room.halfFull(subscription.topic);
      const due: number[] = [];
      for (let partition = 0; partition < this.partitions; partition += 1) {
        const part = log[partition];
        if (next[partition] < part.base) {
          // Retention dropped records while this group was stopped, as Kafka's would: go on from the oldest kept.
          this.options.logger.warn({ groupId: spec.groupId, topic: subscription.topic, partition, skipped: part.base - next[partition] }, 'records dropped by retention before this group read them');
          next[partition] = part.base;
        }
        const from = next[partition] - part.base;
        if (from >= part.records.length) continue;
        if (filling && part.records.length - from < sliceSize) {
          const at = part.records[from].timestamp + fillWaitMs;
          if (at > Date.now()) {
            dueAt = Math.min(dueAt ?? at, at);
            continue;
          }
        }
        due.push(partition);
      }
      if (due.length === 0) continue;
      worked = true;
      const handOver = (partition: number) => this.handOver(spec, subscription, partition, next, sliceSize, reads, keepWaiting, dependencies);
      if (fetch === undefined) {
        for (const partition of due) await handOver(partition);
      } else {
        // Each partition commits on its own; the first failure is the loop's, once all have settled.
        const settled = await Promise.allSettled(due.map(handOver));
        const failed = settled.find((outcome) => outcome.status === 'rejected');
        if (failed) throw failed.reason;
      }
    }
    return { worked, dueAt };
  }

  /** Delivers one slice of a partition to its handler, then commits it and makes room behind it. */
  private async handOver(
    spec: ConsumerSpec,
    subscription: TopicSubscription<unknown>,
    partition: number,
    next: number[],
    sliceSize: number,
    reads: ReadonlySet<string>,
    keepWaiting: () => boolean,
    dependencies: DependencyWait,
  ): Promise<void> {
    const part = this.log(subscription.topic)[partition];
    const from = next[partition] - part.base;
    const slice = part.records.slice(from, from + sliceSize);
    const observer = spec.observer ?? this.options.observer;
    const verifier = this.verifier;
    observer?.lag?.(subscription.topic, partition, part.records.length - from, spec.groupId);
    await deliverBatch(slice, subscription, spec, {
      publish: (records) => this.publishFrom(records, undefined, reads),
      // Outputs stay objects; verified (inside the attempt, so a breach dead-letters its input) when asked.
      prepareOutputs: (outputs) => {
        if (verifier) this.verify(outputs);
        return outputs;
      },
      logger: this.options.logger,
      observer,
      keepWaiting,
      dependencies,
    });
    const last = slice[slice.length - 1].offset;
    await spec.beforeCommit?.({ topic: subscription.topic, partition, lastOffset: last });
    next[partition] = Number(last) + 1;
    this.trim(subscription.topic, partition);
    this.room.admit(subscription.topic);
    // Reported after the commit too, so the gauge reaches 0 once the group has caught up.
    observer?.lag?.(subscription.topic, partition, part.base + part.records.length - next[partition], spec.groupId);
  }

  /**
   * Drops records every group reading the topic has committed past, and beyond the partition's
   * share of the bound (in records or in bytes) those only stopped groups (or nobody) still need:
   * Kafka's retention, so a topic nobody reads, or a group that never comes back, cannot grow
   * without bound. Bytes count too: the all-in-one's OCSF topic, which nothing in the process
   * reads, held 20,000 findings of up to ~150 KB (an incident of 1,000 alerts) and grew the
   * process by 650 MB under a flood (tools/bench/all-in-one-memory.ts).
   */
  private trim(topic: string, partition: number): void {
    const part = this.log(topic)[partition];
    const end = part.base + part.records.length;
    let slowest = Infinity;
    for (const byTopic of this.committed.values()) {
      const next = byTopic.get(topic);
      if (next) slowest = Math.min(slowest, next[partition]);
    }
    const needed = this.deadLetterTopics.has(topic) ? end : Math.min(end, this.slowestRunning(topic, partition));
    // Dead letters are trimmed by count only: the dead-letter store may not have read them yet, and a few large bad records must not push out the rest.
    const byBytes = this.deadLetterTopics.has(topic) ? part.base : part.base + firstWithinBytes(part, this.retainedBytesPerPartition);
    const retention = Math.max(end - this.retainedPerPartition, byBytes);
    const keepFrom = Math.max(Number.isFinite(slowest) ? slowest : part.base, Math.min(needed, retention));
    const drop = Math.min(keepFrom - part.base, part.records.length);
    if (drop > 0) {
      part.records.splice(0, drop);
      part.baseBytes = part.ends[drop - 1];
      part.ends.splice(0, drop);
      part.base += drop;
    }
  }

  async isReady(): Promise<boolean> {
    return true;
  }

  async keyPartitioner(_topic: string): Promise<(key: string) => number> {
    return (key) => partitionForKey(key, this.partitions);
  }

  async close(): Promise<void> {
    this.closed = true;
    // Nothing drains a closed bus: publishers still waiting for room go through rather than hang.
    this.room.admitAll();
    for (const wake of [...this.wakers.keys()]) wake();
  }
}

/** Approximate bytes of a partition's records below `offset` since it began (offset within the kept records or just past them). */
function bytesBefore(part: PartitionLog, offset: number): number {
  return offset <= part.base ? part.baseBytes : part.ends[offset - part.base - 1];
}

function byTopic(records: OutboundRecord[]): Map<string, OutboundRecord[]> {
  const grouped = new Map<string, OutboundRecord[]>();
  for (const record of records) {
    const list = grouped.get(record.topic);
    if (list) list.push(record);
    else grouped.set(record.topic, [record]);
  }
  return grouped;
}

/** Approximate bytes a partition holds. */
function retainedBytes(part: PartitionLog): number {
  return part.ends.length === 0 ? 0 : part.ends[part.ends.length - 1] - part.baseBytes;
}

/** Index of the first record from which the rest of the partition holds at most `maxBytes` (records.length when even the last alone is more). */
function firstWithinBytes(part: PartitionLog, maxBytes: number): number {
  const total = part.ends.length === 0 ? part.baseBytes : part.ends[part.ends.length - 1];
  // Keeping records[i..] holds total - ends[i-1] bytes: find the first i where ends[i-1] >= total - maxBytes.
  let low = 0;
  let high = part.records.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const before = mid === 0 ? part.baseBytes : part.ends[mid - 1];
    if (total - before <= maxBytes) high = mid;
    else low = mid + 1;
  }
  return low;
}
