import { dueWindows, evaluateRateRule, evaluationWindowAt, type DueWindows, type RateHistory, type RateRule, type TimeWindow } from '@quell/anomaly';
import type { Alert } from '@quell/contracts';
import type { StateStore } from '@quell/platform-state';
import type { AnomalyAlertSink } from './anomaly-alert-sink';
import type { AnomalyMetrics } from './anomaly.metrics';

export interface SchedulerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface RateAnomalySchedulerOptions {
  /** How often due windows are looked for. */
  tickMs: number;
  /** How long after a window closes it is evaluated: allowed lateness plus the history writer's delay. */
  settleMs: number;
  /** Missed windows still evaluated before the latest one after downtime (0: the latest only). */
  maxCatchUpWindows: number;
  /** Where each rule's progress survives restarts (Redis in production). */
  store: StateStore;
  now?: () => number;
  logger: SchedulerLogger;
  metrics?: AnomalyMetrics;
}

/** WARNING: durable state; changing the format forgets every rule's progress (each restarts at its latest window). */
export const rateProgressKey = (ruleId: string) => `anomaly:rate:evaluated-to:${ruleId}`;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Evaluates each rate rule once per interval, on the windows that closed `settleMs` ago, and
 * publishes their alerts. A window is marked done (in memory and in the state store) only after
 * its alerts were acknowledged, so a failed query or publish is retried at the next tick, and a
 * restart resumes after the last window published. After downtime the missed windows are
 * evaluated oldest first, at most `maxCatchUpWindows` before the latest (older ones are skipped,
 * logged and counted); a rule with no stored progress starts at its latest window. Alert ids derive
 * from rule, entity and window start: every replica may run a scheduler, and a window evaluated
 * twice (two replicas, a retry, a progress write lost) still carries one id per entity (the
 * deduper folds the copies). The rules can be replaced while it runs (setRules).
 */
export class RateAnomalyScheduler {
  /** Per rule, the `to` of the last window published; undefined: known to have no progress. Absent: not read yet. */
  private readonly progress = new Map<string, number | undefined>();
  private readonly now: () => number;
  private rules: readonly RateRule[];
  private ruleIds: ReadonlySet<string>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;
  /** Set by stop(): a long catch-up ends after the window in flight. */
  private halted = false;

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
      this.progress.delete(id);
      this.options.metrics?.rateLastSuccess.remove({ rule: id });
    }
    for (const rule of next) {
      if (!this.ruleIds.has(rule.id)) this.progress.set(rule.id, evaluationWindowAt(now - this.options.settleMs, rule.intervalMs).to);
    }
    this.rules = next;
    this.ruleIds = nextIds;
    this.options.logger.info({ rules: next.map((r) => r.id) }, 'anomaly rate rules replaced');
  }

  /** Evaluates every window due at `now`, rule by rule, oldest first; returns the alerts published. */
  async runDue(now = this.now()): Promise<Alert[]> {
    const published: Alert[] = [];
    for (const rule of this.rules) {
      if (this.halted) break;
      if (!this.ruleIds.has(rule.id)) continue; // removed while this run was in flight
      if (!(await this.loadProgress(rule.id))) continue;
      const due = dueWindows({
        intervalMs: rule.intervalMs,
        now,
        settleMs: this.options.settleMs,
        evaluatedTo: this.progress.get(rule.id),
        maxCatchUp: this.options.maxCatchUpWindows,
      });
      if (due.skipped > 0 || due.realigned) await this.jumpAhead(rule.id, due);
      for (const window of due.windows) {
        if (this.halted || !this.ruleIds.has(rule.id)) break;
        const alerts = await this.evaluateAndPublish(rule, window, now);
        if (!alerts) break; // later windows wait: progress only moves past a published window
        published.push(...alerts);
      }
    }
    return published;
  }

  /** Reads a rule's stored progress once; false when the store failed (the rule waits for the next tick rather than skip its backlog). */
  private async loadProgress(ruleId: string): Promise<boolean> {
    if (this.progress.has(ruleId)) return true;
    let stored: string | null;
    try {
      stored = await this.options.store.get(rateProgressKey(ruleId));
    } catch (error) {
      this.options.metrics?.rateProgressStoreErrors.inc({ rule: ruleId, operation: 'read' });
      this.options.logger.error({ rule: ruleId, err: error }, 'anomaly rate progress could not be read; the rule waits for the next tick');
      return false;
    }
    if (!this.ruleIds.has(ruleId) || this.progress.has(ruleId)) return true; // removed or replaced meanwhile
    const evaluatedTo = stored === null ? undefined : Number(stored);
    if (evaluatedTo !== undefined && !Number.isSafeInteger(evaluatedTo)) {
      this.options.logger.error({ rule: ruleId, stored }, 'anomaly rate progress is unreadable; the rule restarts at its latest window');
      this.progress.set(ruleId, undefined);
    } else {
      this.progress.set(ruleId, evaluatedTo);
    }
    return true;
  }

  /** Moves past windows that will never be evaluated, so they are logged and counted once. */
  private async jumpAhead(ruleId: string, due: DueWindows): Promise<void> {
    const resumeAt = due.windows[0].from;
    const fields = { rule: ruleId, evaluatedTo: iso(this.progress.get(ruleId) ?? 0), resumeAt: iso(resumeAt) };
    if (due.realigned) {
      this.options.logger.warn(fields, 'anomaly rate progress is off the rule’s interval (the interval changed); restarting at the latest window');
    } else {
      this.options.metrics?.rateWindowsSkipped.inc({ rule: ruleId }, due.skipped);
      this.options.logger.warn({ ...fields, skipped: due.skipped, maxCatchUpWindows: this.options.maxCatchUpWindows }, 'anomaly rate windows older than the catch-up bound are skipped');
    }
    await this.advance(ruleId, resumeAt);
  }

  /** The window's alerts once published, or undefined when its query or publish failed (counted, logged, retried at the next tick). */
  private async evaluateAndPublish(rule: RateRule, window: TimeWindow, now: number): Promise<Alert[] | undefined> {
    const fields = { rule: rule.id, windowFrom: iso(window.from), windowTo: iso(window.to) };
    const alerts = await this.evaluate(rule, window, fields);
    if (!alerts) return undefined;
    try {
      await this.sink.publish(alerts);
    } catch (error) {
      this.options.metrics?.rateRuns.inc({ rule: rule.id, outcome: 'publish_failed' });
      this.options.logger.error({ ...fields, err: error }, 'anomaly rate alerts could not be published; the window is retried at the next tick');
      return undefined;
    }
    if (this.ruleIds.has(rule.id)) await this.advance(rule.id, window.to);
    this.recordSuccess(rule.id, alerts.length, now);
    this.options.logger.info({ ...fields, alerts: alerts.length }, 'anomaly rate rule evaluated');
    return alerts;
  }

  /** The window's alerts, or undefined when the history query failed (counted and logged). */
  private async evaluate(rule: RateRule, window: TimeWindow, fields: object): Promise<Alert[] | undefined> {
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

  /** Records progress in memory, then in the store; a failed write only means a restart may evaluate the window again. */
  private async advance(ruleId: string, evaluatedTo: number): Promise<void> {
    this.progress.set(ruleId, evaluatedTo);
    try {
      await this.options.store.set(rateProgressKey(ruleId), String(evaluatedTo));
    } catch (error) {
      this.options.metrics?.rateProgressStoreErrors.inc({ rule: ruleId, operation: 'write' });
      this.options.logger.error({ rule: ruleId, evaluatedTo: iso(evaluatedTo), err: error }, 'anomaly rate progress could not be stored; a restart may evaluate the window again');
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

  /** Ticks every `tickMs`, also while there are no rules (a reload may add some); the first tick reads the stored progress. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halted = false;
    const tick = () => {
      this.running = this.runDue().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.options.tickMs).unref();
      });
    };
    tick();
  }

  /** Stops ticking and waits for the window in flight (a catch-up stops after it), so nothing publishes after the bus closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.halted = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
