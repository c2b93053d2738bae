import { dueWindow, evaluateRateRule, type RateHistory, type RateRule } from '@quell/anomaly';
import type { Alert } from '@quell/contracts';
import type { AnomalyAlertSink } from './anomaly-alert-sink';

export interface SchedulerLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface RateAnomalySchedulerOptions {
  /** How often due windows are looked for. */
  tickMs: number;
  /** How long after a window closes it is evaluated: allowed lateness plus the history writer's delay. */
  settleMs: number;
  now?: () => number;
  logger: SchedulerLogger;
}

/**
 * Evaluates each rate rule once per interval, on the latest window that closed `settleMs` ago, and
 * publishes its alerts. A window is marked done only after its alerts were acknowledged, so a
 * failed query or publish is retried at the next tick. Alert ids derive from rule, entity and
 * window start: every replica may run a scheduler and each window's alerts still carry one id
 * per entity (the deduper folds the copies). After downtime only the latest closed window is
 * evaluated; earlier missed windows are not backfilled.
 */
export class RateAnomalyScheduler {
  private readonly evaluatedTo = new Map<string, number>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly rules: readonly RateRule[],
    private readonly history: RateHistory,
    private readonly sink: AnomalyAlertSink,
    private readonly options: RateAnomalySchedulerOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Evaluates every rule whose next window is due at `now`; returns the alerts published. */
  async runDue(now = this.now()): Promise<Alert[]> {
    const published: Alert[] = [];
    for (const rule of this.rules) {
      const window = dueWindow(rule, now, this.options.settleMs, this.evaluatedTo.get(rule.id));
      if (!window) continue;
      const fields = { rule: rule.id, windowFrom: new Date(window.from).toISOString(), windowTo: new Date(window.to).toISOString() };
      try {
        const alerts = await evaluateRateRule(rule, window, this.history);
        await this.sink.publish(alerts);
        this.evaluatedTo.set(rule.id, window.to);
        published.push(...alerts);
        this.options.logger.info({ ...fields, alerts: alerts.length }, 'anomaly rate rule evaluated');
      } catch (error) {
        this.options.logger.error({ ...fields, err: error }, 'anomaly rate rule failed; retried at the next tick');
      }
    }
    return published;
  }

  start(): void {
    if (this.rules.length === 0 || this.timer) return;
    this.stopped = false;
    const tick = () => {
      this.running = this.runDue().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.options.tickMs).unref();
      });
    };
    tick();
  }

  /** Stops ticking and waits for an evaluation in flight, so nothing publishes after the bus closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
