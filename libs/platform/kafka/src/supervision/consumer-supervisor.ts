import type { Consumer } from 'kafkajs';
import type { BusLogger, BusObserver, ConsumerState, ConsumerStatus } from '../bus/event-bus.port';
import { restartDelayMs, type RestartBackoff } from './restart-backoff';
import { ProgressWatch, type PartitionLag } from './progress-watch';
import { DependencyWait } from '../delivery/dependency-wait';

/**
 * The part of a group member the supervisor touches: kafkajs's Consumer as it is; another client
 * adapts its own lifecycle to these three events (see platformatic/platformatic-member.ts).
 */
export interface SupervisedConsumer {
  readonly events: { readonly GROUP_JOIN: string; readonly CRASH: string; readonly STOP: string };
  on(event: string, listener: (event: { payload: { error?: Error; memberAssignment?: Record<string, number[]> } }) => void): unknown;
  disconnect(): Promise<void>;
}

export interface ConsumerSupervisorOptions<C extends SupervisedConsumer = Consumer> {
  groupId: string;
  /** A fresh consumer of the group: a crashed one is never reused. */
  create(): C;
  /** Connects, subscribes and runs a fresh consumer (rejects when it cannot). */
  launch(consumer: C): Promise<void>;
  /** The group's committed offsets against the high watermarks, from the broker. */
  readLag(): Promise<PartitionLag[]>;
  backoff: RestartBackoff;
  maxBatchMs: number;
  stallMs: number;
  lagIntervalMs: number;
  /** A batch held by a dependency outage this long makes the consumer `waiting` (not ready). */
  dependencyGraceMs: number;
  logger: BusLogger;
  observer?: BusObserver;
  /** Called once when restarts are given up: the process should exit so its supervisor restarts it. */
  onUnrecoverable?(groupId: string, error: Error): void;
  now?(): number;
  random?(): number;
}

/** kafkajs emits STOP before CRASH when it kills a consumer; a STOP with no CRASH after this long is a crash too. */
const ORPHAN_STOP_GRACE_MS = 5_000;
/** A crashed consumer's disconnect waits for its batch in hand; a hung batch must not hold the restart. */
const DISCONNECT_WAIT_MS = 10_000;

/**
 * Keeps one consumer group member alive in this process. kafkajs gives up on a consumer after
 * some errors (CRASH with restart=false, e.g. "The coordinator is not aware of this member" after a
 * broker outage) and the group then sits Empty; here every crash leads to a fresh consumer of the
 * same group and subscriptions, after an exponential backoff, until too many restarts in a row
 * failed: then the state is `failed` and `onUnrecoverable` tells the process to exit.
 */
export class ConsumerSupervisor<C extends SupervisedConsumer = Consumer> {
  readonly progress: ProgressWatch;
  /** Batches held by a dependency outage: handed to the delivery of each batch. */
  readonly dependencies: DependencyWait;
  readonly ready: Promise<void>;
  private current?: C;
  private state: ConsumerState = 'starting';
  private joinedSinceLaunch = false;
  private failedRestarts = 0;
  private lastError?: string;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  private orphanStopTimer?: NodeJS.Timeout;
  private restarting?: Promise<void>;
  private lagTimer?: NodeJS.Timeout;
  private lagRead?: Promise<void>;
  private lagUnreadable = false;
  private joined!: () => void;
  private readonly now: () => number;

  constructor(private readonly options: ConsumerSupervisorOptions<C>) {
    this.now = options.now ?? Date.now;
    this.progress = new ProgressWatch({
      groupId: options.groupId,
      maxBatchMs: options.maxBatchMs,
      stallMs: options.stallMs,
      now: this.now,
      logger: options.logger,
      observer: options.observer,
    });
    this.dependencies = new DependencyWait({
      groupId: options.groupId,
      graceMs: options.dependencyGraceMs,
      now: this.now,
      logger: options.logger,
      observer: options.observer,
    });
    this.ready = new Promise<void>((resolve) => (this.joined = resolve));
  }

  /** The first launch: a failure here is the caller's (the service does not start). */
  async start(): Promise<void> {
    await this.options.launch(this.adopt());
    this.lagTimer = setInterval(() => void this.watch(), this.options.lagIntervalMs);
    this.lagTimer.unref();
  }

  status(): ConsumerStatus {
    const waiting = this.state === 'running' ? this.dependencies.current() : undefined;
    return {
      groupId: this.options.groupId,
      state: waiting ? 'waiting' : this.state,
      stuck: this.state === 'running' ? this.progress.reason() : undefined,
      ...(waiting ? { waiting } : {}),
      failedRestarts: this.failedRestarts,
      lastError: this.lastError,
    };
  }

  /** Stops for good: no restart after this; the batch in hand finishes and commits. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.orphanStopTimer);
    clearInterval(this.lagTimer);
    await this.restarting;
    await this.lagRead;
    await this.current?.disconnect();
    this.dependencies.clear();
    this.state = 'stopped';
  }

  /** One read of the broker's lag, then a check of progress (also run by the periodic timer). */
  async watch(): Promise<void> {
    if (this.lagRead) return this.lagRead;
    this.lagRead = (async () => {
      try {
        const partitions = await this.options.readLag();
        for (const p of partitions) this.options.observer?.lag?.(p.topic, p.partition, p.lag, this.options.groupId);
        this.progress.observeLag(partitions);
        this.lagUnreadable = false;
      } catch (error) {
        // The broker may be away; the last gauge values stay, and the batch-age check still runs.
        // Said once per outage, not at every interval.
        if (!this.lagUnreadable) this.options.logger.warn({ groupId: this.options.groupId, err: error }, 'consumer lag could not be read');
        this.lagUnreadable = true;
      }
      if (!this.stopping && this.state === 'running') this.progress.check();
    })().finally(() => (this.lagRead = undefined));
    return this.lagRead;
  }

  private adopt(): C {
    const consumer = this.options.create();
    this.current = consumer;
    this.joinedSinceLaunch = false;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => this.onJoin(consumer, payload.memberAssignment));
    consumer.on(consumer.events.CRASH, ({ payload }) => this.onCrash(consumer, payload.error ?? new Error('consumer crashed')));
    consumer.on(consumer.events.STOP, () => this.onStop(consumer));
    return consumer;
  }

  private onJoin(consumer: C, assignment: Record<string, number[]> | undefined): void {
    if (consumer !== this.current || this.stopping) return;
    this.progress.assigned(assignment);
    if (this.state !== 'running' && this.state !== 'starting') {
      this.options.logger.info({ groupId: this.options.groupId, failedRestarts: this.failedRestarts }, 'consumer rejoined its group');
    }
    this.state = 'running';
    this.joinedSinceLaunch = true;
    this.failedRestarts = 0;
    this.joined();
  }

  private onStop(consumer: C): void {
    if (consumer !== this.current || this.stopping || this.state === 'failed') return;
    // No member here any more, whatever comes next.
    if (this.state === 'running') this.state = 'restarting';
    clearTimeout(this.orphanStopTimer);
    this.orphanStopTimer = setTimeout(() => this.onCrash(consumer, new Error('consumer stopped without stop()')), ORPHAN_STOP_GRACE_MS);
    this.orphanStopTimer.unref();
  }

  private onCrash(consumer: C, error: Error): void {
    clearTimeout(this.orphanStopTimer);
    if (consumer !== this.current || this.stopping || this.state === 'failed' || this.restartTimer) return;
    // A consumer that dies before it ever joined is a restart that failed.
    if (!this.joinedSinceLaunch) this.failedRestarts += 1;
    this.state = 'restarting';
    this.lastError = `${error.name}: ${error.message}`;
    this.progress.clearBatches();
    this.dependencies.clear();
    this.options.logger.error(
      { groupId: this.options.groupId, err: error, failedRestarts: this.failedRestarts },
      'consumer crashed',
    );
    this.options.observer?.consumerCrashed?.(this.options.groupId);
    this.scheduleRestart(error);
  }

  private scheduleRestart(error: Error): void {
    const { backoff, groupId, logger } = this.options;
    if (this.failedRestarts >= backoff.maxFailedRestarts) {
      this.state = 'failed';
      logger.error({ groupId, err: error, failedRestarts: this.failedRestarts }, 'consumer could not be restarted, giving up');
      this.options.onUnrecoverable?.(groupId, error);
      return;
    }
    const attempt = this.failedRestarts + 1;
    const delayMs = restartDelayMs(attempt, backoff, this.options.random);
    logger.warn({ groupId, attempt, delayMs }, 'consumer restart scheduled');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.restarting = this.restart(attempt).finally(() => (this.restarting = undefined));
    }, delayMs);
  }

  private async restart(attempt: number): Promise<void> {
    const { groupId, logger, observer } = this.options;
    const old = this.current;
    await withTimeout(old?.disconnect(), DISCONNECT_WAIT_MS).catch(() => undefined);
    if (this.stopping) return;
    observer?.consumerRestarted?.(groupId);
    logger.warn({ groupId, attempt }, 'restarting consumer');
    const next = this.adopt();
    try {
      await this.options.launch(next);
    } catch (error) {
      if (this.stopping || next !== this.current || this.restartTimer || this.state === 'failed') return;
      const err = error instanceof Error ? error : new Error(String(error));
      this.failedRestarts += 1;
      this.lastError = `${err.name}: ${err.message}`;
      logger.error({ groupId, attempt, err }, 'consumer restart failed');
      await withTimeout(next.disconnect(), DISCONNECT_WAIT_MS).catch(() => undefined);
      this.scheduleRestart(err);
    }
  }
}

async function withTimeout(promise: Promise<void> | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
