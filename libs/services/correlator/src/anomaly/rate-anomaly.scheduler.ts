import { dueWindow, evaluateRateRule, evaluationWindowAt, type RateHistory, type RateRule } from '@quell/anomaly';
import type { Alert } from '@quell/contracts';
import type { AnomalyAlertSink } from './anomaly-alert-sink';
import type { AnomalyMetrics } from './anomaly.metrics';

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
  metrics?: AnomalyMetrics;
}

/**
 * Evaluates each rate rule once per interval, on the latest window that closed `settleMs` ago, and
 * publishes its alerts. A window is marked done only after its alerts were acknowledged, so a
 * failed query or publish is retried at the next tick. Alert ids derive from rule, entity and
 * window start: every replica may run a scheduler and each window's alerts still carry one id
 * per entity (the deduper folds the copies). After downtime only the latest closed window is
 * evaluated; earlier missed windows are not backfilled. The rules can be replaced while it runs
 * (setRules).
 */
export class RateAnomalyScheduler {
  private readonly evaluatedTo = new Map<string, number>();
  private readonly now: () => number;
  private rules: readonly RateRule[];
  private ruleIds: ReadonlySet<string>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(
    rules: readonly RateRule[],
    private readonly history: RateHistory,
    private readonly sink: AnomalyAlertSink,
    private readonly options: RateAnomalySchedulerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.rules = rules;
    this.ruleIds = new Set(rules.map((r) => r.id));
  }

  /**
   * Replaces the rules: a removed rule is no longer evaluated (not even by a run in flight) and its
   * last-success metric is dropped; a new rule starts at its next window, the first that settles
   * after `now`; a changed rule (same id) keeps its place and its next window uses the new definition.
   */
  setRules(next: readonly RateRule[], now = this.now()): void {
    const nextIds = new Set(next.map((r) => r.id));
    for (const id of this.ruleIds) {
      if (nextIds.has(id)) continue;
      this.evaluatedTo.delete(id);
      this.options.metrics?.rateLastSuccess.remove({ rule: id });
    }
    for (const rule of next) {
      if (!this.ruleIds.has(rule.id)) this.evaluatedTo.set(rule.id, evaluationWindowAt(now - this.options.settleMs, rule.intervalMs).to);
    }
    this.rules = next;
    this.ruleIds = nextIds;
    this.options.logger.info({ rules: next.map((r) => r.id) }, 'anomaly rate rules replaced');
  }

  /** Evaluates every rule whose next window is due at `now`; returns the alerts published. */
  async runDue(now = this.now()): Promise<Alert[]> {
    const published: Alert[] = [];
    for (const rule of this.rules) {
      if (!this.ruleIds.has(rule.id)) continue; // removed while this run was in flight
      const window = dueWindow(rule, now, this.options.settleMs, this.evaluatedTo.get(rule.id));
      if (!window) continue;
      const fields = { rule: rule.id, windowFrom: new Date(window.from).toISOString(), windowTo: new Date(window.to).toISOString() };
      const alerts = await this.evaluate(rule, window, fields);
      if (!alerts) continue;
      try {
        await this.sink.publish(alerts);
      } catch (error) {
        this.options.metrics?.rateRuns.inc({ rule: rule.id, outcome: 'publish_failed' });
        this.options.logger.error({ ...fields, err: error }, 'anomaly rate alerts could not be published; the window is retried at the next tick');
        continue;
      }
      if (this.ruleIds.has(rule.id)) this.evaluatedTo.set(rule.id, window.to);
      published.push(...alerts);
      this.recordSuccess(rule.id, alerts.length, now);
      this.options.logger.info({ ...fields, alerts: alerts.length }, 'anomaly rate rule evaluated');
    }
    return published;
  }

  /** The window's alerts, or undefined when the history query failed (counted and logged). */
  private async evaluate(rule: RateRule, window: { from: number; to: number }, fields: object): Promise<Alert[] | undefined> {
    const stopTimer = this.options.metrics?.rateQuerySeconds.startTimer({ rule: rule.id });
    try {
      return await evaluateRateRule(rule, window, this.history);
    } catch (error) {
      this.options.metrics?.rateRuns.inc({ rule: rule.id, outcome: 'query_failed' });
      this.options.logger.error({ ...fields, err: error }, 'anomaly rate rule failed; retried at the next tick');
      return undefined;
    } finally {
      stopTimer?.();
    }
  }

  private recordSuccess(ruleId: string, alerts: number, now: number): void {
    const metrics = this.options.metrics;
    if (!metrics) return;
    metrics.rateRuns.inc({ rule: ruleId, outcome: 'ok' });
    metrics.rateAlerts.inc({ rule: ruleId }, alerts);
    // A rule removed while its run was in flight gets no gauge back.
    if (this.ruleIds.has(ruleId)) metrics.rateLastSuccess.set({ rule: ruleId }, now / 1000);
  }

  /** Ticks every `tickMs`, also while there are no rules (a reload may add some). */
  start(): void {
    if (!this.stopped) return;
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
