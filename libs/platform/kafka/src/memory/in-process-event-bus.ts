import type { OutboundRecord, RawRecord } from '../bus/message';
import {
  SimulatedCrash,
  type BusLogger,
  type BusObserver,
  type ConsumerHandle,
  type ConsumerSpec,
  type ConsumerStatus,
  type EventBus,
} from '../bus/event-bus.port';
import { deliverBatch } from '../delivery/deliver-batch';
import { DEFAULT_DEPENDENCY_GRACE_MS, DependencyWait } from '../delivery/dependency-wait';
import { partitionForKey } from './partitioner';
import { DEFAULT_RESTART_BACKOFF, restartDelayMs, type RestartBackoff } from '../supervision/restart-backoff';

interface PartitionLog {
  /** Offset of records[0]; records below the slowest committed offset are trimmed. */
  base: number;
  records: RawRecord[];
}

export interface InProcessEventBusOptions {
  partitions?: number;
  maxBatchRecords?: number;
  logger: BusLogger;
  observer?: BusObserver;
  /** Backoff of a consumer whose loop failed (default: DEFAULT_RESTART_BACKOFF). */
  restartBackoff?: RestartBackoff;
  /** A batch held by a dependency outage this long makes its consumer `waiting` (default DEFAULT_DEPENDENCY_GRACE_MS). */
  dependencyGraceMs?: number;
}

/**
 * The bus of the all-in-one mode and of unit tests, with the Kafka bus's contract: records with
 * one key keep their order (one partition, handled sequentially), delivery is at least once
 * (offsets commit after outputs are appended), and failures go to the dead-letter topic.
 * One consumer per group at a time: there is no rebalancing inside one process.
 */
export class InProcessEventBus implements EventBus {
  private readonly logs = new Map<string, PartitionLog[]>();
  /** committed[group][topic][partition] = next offset to read; kept when a consumer stops. */
  private readonly committed = new Map<string, Map<string, number[]>>();
  private readonly activeGroups = new Set<string>();
  /** Idle consumers, each with the topics it reads: a publish wakes only those it concerns. */
  private readonly wakers = new Map<() => void, ReadonlySet<string>>();
  /** Bumped on every publish, so a consumer never sleeps through a publish that raced its poll. */
  private generation = 0;
  private readonly partitions: number;

  constructor(private readonly options: InProcessEventBusOptions) {
    this.partitions = options.partitions ?? 3;
  }

  private log(topic: string): PartitionLog[] {
    let log = this.logs.get(topic);
    if (!log) {
      log = Array.from({ length: this.partitions }, () => ({ base: 0, records: [] }));
      this.logs.set(topic, log);
    }
    return log;
  }

  async publish(records: OutboundRecord[]): Promise<void> {
    const now = Date.now();
    const topics = new Set<string>();
    for (const record of records) {
      topics.add(record.topic);
      const log = this.log(record.topic);
      const partition = partitionForKey(record.key, this.partitions);
      const target = log[partition];
      target.records.push({
        topic: record.topic,
        partition,
        offset: String(target.base + target.records.length),
        key: record.key === null ? null : Buffer.from(record.key),
        value: record.value,
        headers: { ...(record.headers ?? {}) },
        timestamp: now,
      });
    }
    this.generation += 1;
    for (const [wake, reads] of [...this.wakers]) {
      for (const topic of topics) {
        if (reads.has(topic)) {
          wake();
          break;
        }
      }
    }
  }

  /** Every record currently retained on a topic, for tests and the console. */
  read(topic: string): RawRecord[] {
    return this.log(topic).flatMap((p) => p.records);
  }

  async consume(spec: ConsumerSpec): Promise<ConsumerHandle> {
    if (this.activeGroups.has(spec.groupId)) throw new Error(`group ${spec.groupId} already has a consumer in this process`);
    this.activeGroups.add(spec.groupId);
    const offsets = this.committed.get(spec.groupId) ?? new Map<string, number[]>();
    this.committed.set(spec.groupId, offsets);
    for (const s of spec.subscriptions) if (!offsets.has(s.topic)) offsets.set(s.topic, new Array(this.partitions).fill(0));

    let running = true;
    let wake: () => void = () => undefined;
    const reads: ReadonlySet<string> = new Set(spec.subscriptions.map((s) => s.topic));
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
        const worked = await this.pollOnce(spec, offsets, () => running, dependencies);
        if (worked) status.failedRestarts = 0;
        if (!worked && running && seen === this.generation) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            this.wakers.set(resolve, reads);
          });
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
    })().finally(() => this.activeGroups.delete(spec.groupId));

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

  /** Handles at most one slice per partition; true when there was anything to do. */
  private async pollOnce(
    spec: ConsumerSpec,
    offsets: Map<string, number[]>,
    keepWaiting: () => boolean,
    dependencies: DependencyWait,
  ): Promise<boolean> {
    let worked = false;
    for (const subscription of spec.subscriptions) {
      const log = this.log(subscription.topic);
      const next = offsets.get(subscription.topic)!;
      for (let partition = 0; partition < this.partitions; partition += 1) {
        const part = log[partition];
        const from = next[partition] - part.base;
        if (from >= part.records.length) continue;
        const slice = part.records.slice(from, from + (this.options.maxBatchRecords ?? 500));
        worked = true;
        (spec.observer ?? this.options.observer)?.lag?.(subscription.topic, partition, part.records.length - from, spec.groupId);
        await deliverBatch(slice, subscription, spec, {
          publish: (records) => this.publish(records),
          logger: this.options.logger,
          observer: spec.observer ?? this.options.observer,
          keepWaiting,
          dependencies,
        });
        const last = slice[slice.length - 1].offset;
        await spec.beforeCommit?.({ topic: subscription.topic, partition, lastOffset: last });
        next[partition] = Number(last) + 1;
        this.trim(subscription.topic, partition);
        // Reported after the commit too, so the gauge reaches 0 once the group has caught up.
        (spec.observer ?? this.options.observer)?.lag?.(subscription.topic, partition, part.base + part.records.length - next[partition], spec.groupId);
      }
    }
    return worked;
  }

  /** Drops records every group consuming the topic has committed past. */
  private trim(topic: string, partition: number): void {
    let slowest = Infinity;
    for (const byTopic of this.committed.values()) {
      const next = byTopic.get(topic);
      if (next) slowest = Math.min(slowest, next[partition]);
    }
    const part = this.log(topic)[partition];
    const drop = Math.min(slowest - part.base, part.records.length);
    if (drop > 0 && Number.isFinite(drop)) {
      part.records.splice(0, drop);
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
    for (const wake of [...this.wakers.keys()]) wake();
  }
}
