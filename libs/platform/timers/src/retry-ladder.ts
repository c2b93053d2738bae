import { isRetriable } from '@quell/platform-kafka';
import type { StoredTimer } from './timer-store.port';
import type { TimerService } from './timer-service';

export interface RetryFailure {
  /** The last error's message. */
  reason: string;
  /** Attempts made, the first (inline) one included. */
  attempts: number;
  /** False when the error said retrying cannot help (it was dead-lettered before the ladder ended). */
  retriable: boolean;
}

export interface RetryLadderOptions<P> {
  /** WARNING: durable; the timer kind of this ladder's retries. Renaming it strands pending retries. */
  kind: string;
  /** Delay before each retry after the first attempt, e.g. 30 s, 2 min, 10 min; then dead-letter. */
  delaysMs: number[];
  /**
   * The work. Throws to fail (retried unless the error has `retriable: false`). It may run more than
   * once for one attempt (a crash before the ack): it must be idempotent, e.g. by `key`.
   */
  attempt(payload: P, attempt: number): Promise<void>;
  /** Keeps the failed work with its reason (a dead-letter topic). Throwing retries the dead letter. */
  deadLetter(payload: P, failure: RetryFailure): Promise<void>;
}

export type RetryOutcome = 'done' | 'retry-scheduled' | 'dead-lettered';

/** WARNING: durable; what a retry timer's payload holds. */
interface RetryState<P> {
  payload: P;
  /** The attempt this timer makes. */
  attempt: number;
  lastError: string;
  /** Set once the ladder gave up but the dead letter failed: the refire only dead-letters again. */
  verdict?: RetryFailure;
}

/** Pause before a failed dead letter is tried again (the dead-letter topic is away). */
const DEAD_LETTER_RETRY_MS = 5_000;

/**
 * "Try now, then again in 30 s, 2 min and 10 min, then dead-letter with the reason", without
 * holding the caller: a failed attempt becomes a durable timer (the caller can commit its record as
 * soon as `run` returns), and the retries happen on the timer runner of whichever replica claims
 * them. The retry timer's key is the caller's key, so running the same key again replaces it.
 */
export class RetryLadder<P> {
  constructor(
    private readonly timers: TimerService,
    private readonly options: RetryLadderOptions<P>,
  ) {
    timers.register(options.kind, {
      fire: async (timer) => {
        await this.retry(timer);
      },
      exhausted: async (timer) => {
        const state = JSON.parse(timer.payload) as RetryState<P>;
        const reason = `retry ${state.attempt} fired ${timer.fires} times without finishing (the process died or the handler hung); last error: ${state.lastError}`;
        await this.options.deadLetter(state.payload, { reason, attempts: state.attempt, retriable: true });
      },
    });
  }

  /** The first attempt, now. Resolves once the outcome is durable: done, retry stored, or dead-lettered. */
  run(key: string, payload: P, tenant?: string): Promise<RetryOutcome> {
    return this.step(key, payload, 1, tenant);
  }

  /** Whether a retry of `key` is pending (its outcome belongs to the ladder, not to a new run). */
  async pending(key: string): Promise<boolean> {
    return (await this.timers.pending(key))?.kind === this.options.kind;
  }

  private async retry(timer: StoredTimer): Promise<RetryOutcome> {
    const state = JSON.parse(timer.payload) as RetryState<P>;
    if (state.verdict) {
      await this.options.deadLetter(state.payload, state.verdict);
      return 'dead-lettered';
    }
    return this.step(timer.key, state.payload, state.attempt, timer.tenant, true);
  }

  private async step(key: string, payload: P, attempt: number, tenant: string | undefined, onTimer = false): Promise<RetryOutcome> {
    try {
      await this.options.attempt(payload, attempt);
      return 'done';
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const retriable = isRetriable(error);
      const delayMs = this.options.delaysMs[attempt - 1];
      if (retriable && delayMs !== undefined) {
        const state: RetryState<P> = { payload, attempt: attempt + 1, lastError: reason };
        await this.timers.schedule({ key, tenant, kind: this.options.kind, dueAt: Date.now() + delayMs, payload: JSON.stringify(state) });
        return 'retry-scheduled';
      }
      const verdict: RetryFailure = { reason, attempts: attempt, retriable };
      try {
        await this.options.deadLetter(payload, verdict);
      } catch (deadLetterError) {
        // Inline, the caller's record is not committed and is handled again. On a timer, keep the
        // verdict so that the refire does not call the receiver once more before dead-lettering.
        if (!onTimer) throw deadLetterError;
        const state: RetryState<P> = { payload, attempt, lastError: reason, verdict };
        await this.timers.schedule({ key, tenant, kind: this.options.kind, dueAt: Date.now() + DEAD_LETTER_RETRY_MS, payload: JSON.stringify(state) });
        return 'retry-scheduled';
      }
      return 'dead-lettered';
    }
  }
}
