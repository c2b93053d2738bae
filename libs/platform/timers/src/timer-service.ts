import type { StoredTimer, TimerRequest, TimerStore } from './timer-store.port';

/** What a service does with its timers of one kind. */
export interface TimerHandler {
  /**
   * The timer is due. Resolving acknowledges it; throwing fires it again after a backoff. A crash
   * before the ack fires it again once its lease runs out: the effect must be idempotent
   * (`timer.fireId` is the same on every refire of one scheduling).
   */
  fire(timer: StoredTimer): Promise<void>;
  /**
   * Called instead of `fire` once a timer was handed out more than `maxFires` times without an
   * ack (a handler that keeps failing or crashing the process): dead-letter it with the reason.
   */
  exhausted(timer: StoredTimer): Promise<void>;
}

export interface TimerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the runner reports (metrics); every method optional. */
export interface TimerObserver {
  fired?(timer: StoredTimer, lateMs: number): void;
  failed?(timer: StoredTimer): void;
  exhausted?(timer: StoredTimer): void;
}

export interface TimerServiceOptions {
  logger: TimerLogger;
  observer?: TimerObserver;
  /** How long a fired timer is leased to this process; must exceed the handler's longest run. */
  leaseMs?: number;
  /**
   * The longest sleep between two claims. The runner wakes at the next due time it knows of, and
   * at once when this process schedules an earlier one; this bounds the delay of a timer scheduled
   * earlier than that by another replica (and the retry after a store error).
   */
  maxIdleMs?: number;
  /** Timers handled at once; a claim takes no more than there is room for. */
  concurrency?: number;
  /** First refire delay after a handler failed; doubles per fire, up to the lease. */
  retryBackoffMs?: number;
  /** Fires without an ack before the timer goes to `exhausted`. */
  maxFires?: number;
}

export const DEFAULT_TIMER_SERVICE_OPTIONS = { leaseMs: 60_000, maxIdleMs: 5_000, concurrency: 16, retryBackoffMs: 1_000, maxFires: 10 };

/**
 * Schedules timers in a TimerStore and, once started, fires them through the handler of their
 * kind: at least once, never before dueAt, off the consumer's path (a record whose work was
 * deferred is committed once its timer is stored). Replicas sharing a store share its timers.
 */
export class TimerService {
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Keys whose handler runs in this process: a lease that ran out under it must not start a second run here. */
  private readonly inHand = new Set<string>();
  private readonly options: Required<Omit<TimerServiceOptions, 'logger' | 'observer'>>;
  private loop?: Promise<void>;
  private running = false;
  private wake?: () => void;
  private sleepingUntil = 0;
  private waitingForRoom = false;
  /** Earliest due time scheduled here while a claim was in progress (its answer may not know it). */
  private scheduledDuringClaim = Infinity;

  constructor(
    private readonly store: TimerStore,
    private readonly settings: TimerServiceOptions,
  ) {
    const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
    this.options = { ...DEFAULT_TIMER_SERVICE_OPTIONS, ...defined };
  }

  register(kind: string, handler: TimerHandler): void {
    if (this.handlers.has(kind)) throw new Error(`timer kind ${kind} already has a handler`);
    this.handlers.set(kind, handler);
  }

  /** Durable once this resolves; replaces a pending timer of the same key. */
  async schedule(request: TimerRequest): Promise<void> {
    await this.store.schedule(request);
    this.wakeBy(request.dueAt);
  }

  cancel(key: string): Promise<boolean> {
    return this.store.cancel(key);
  }

  pending(key: string): Promise<StoredTimer | null> {
    return this.store.get(key);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops claiming and waits for the timers in hand; a claimed one not acked fires again after its lease. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  // Nest lifecycle hooks, for a TimerService provided to a Nest module: handlers are registered by
  // then, and the runner stops before the app's clients close.
  onApplicationBootstrap(): void {
    this.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  private async run(): Promise<void> {
    const { leaseMs, maxIdleMs, concurrency } = this.options;
    while (this.running) {
      const room = concurrency - this.inFlight.size;
      this.waitingForRoom = room <= 0;
      let sleepMs = maxIdleMs;
      if (room > 0) {
        this.scheduledDuringClaim = Infinity;
        try {
          const { timers, nextInMs } = await this.store.claim(leaseMs, room);
          for (const timer of timers) this.fire(timer);
          // A full claim may have left due timers behind: claim again as soon as there is room.
          sleepMs = timers.length === room ? 0 : Math.min(nextInMs ?? maxIdleMs, maxIdleMs);
        } catch (error) {
          this.settings.logger.warn({ err: error }, 'timer claim failed, retrying');
        }
        sleepMs = Math.min(sleepMs, Math.max(0, this.scheduledDuringClaim - Date.now()));
      }
      await this.sleep(sleepMs);
    }
  }

  /** Wakes the runner when it sleeps past `at` (it then claims, and sleeps until the store's next due time). */
  private wakeBy(at: number): void {
    if (!this.running) return;
    if (!this.wake) this.scheduledDuringClaim = Math.min(this.scheduledDuringClaim, at);
    else if (at < this.sleepingUntil) this.wake();
  }

  /** Sleeps up to `ms`, woken early by an earlier schedule, a finished timer (room) or stop. */
  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    this.sleepingUntil = Date.now() + ms;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.sleepingUntil = 0;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private fire(timer: StoredTimer): void {
    if (this.inHand.has(timer.key)) {
      this.settings.logger.warn(
        { key: timer.key, kind: timer.kind, fireId: timer.fireId, leaseMs: this.options.leaseMs },
        'timer handler still running past its lease: fired again later (the lease must exceed the longest handler run)',
      );
      void this.store.release(timer.key, timer.fireId, this.options.leaseMs).catch(() => false);
      return;
    }
    this.inHand.add(timer.key);
    const handled: Promise<void> = this.handle(timer).finally(() => {
      this.inHand.delete(timer.key);
      this.inFlight.delete(handled);
      if (this.waitingForRoom) this.wake?.();
    });
    this.inFlight.add(handled);
  }

  private async handle(timer: StoredTimer): Promise<void> {
    const { logger, observer } = this.settings;
    const handler = this.handlers.get(timer.kind);
    const context = { key: timer.key, kind: timer.kind, fireId: timer.fireId, fires: timer.fires, lateMs: Date.now() - timer.dueAt };
    try {
      if (!handler) throw new Error(`no handler registered for timer kind ${timer.kind}`);
      if (timer.fires > this.options.maxFires) {
        logger.error(context, 'timer fired too often without an ack: handing it to its kind as exhausted');
        observer?.exhausted?.(timer);
        await handler.exhausted(timer);
      } else {
        observer?.fired?.(timer, context.lateMs);
        await handler.fire(timer);
      }
    } catch (error) {
      observer?.failed?.(timer);
      const delayMs = Math.min(this.options.leaseMs, this.options.retryBackoffMs * 2 ** Math.max(0, timer.fires - 1));
      logger.warn({ ...context, err: error, retryInMs: delayMs }, 'timer handler failed, firing it again later');
      // If even this fails, the lease running out fires it again.
      if (await this.store.release(timer.key, timer.fireId, delayMs).catch(() => false)) this.wakeBy(Date.now() + delayMs);
      return;
    }
    await this.store.ack(timer.key, timer.fireId).catch((error: unknown) => {
      logger.warn({ ...context, err: error }, 'timer ack failed: it fires again once its lease runs out');
    });
  }
}
