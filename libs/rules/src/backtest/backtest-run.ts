import type { Event } from '@quell/contracts';
import { CorrelationEngine, type CorrelationResult, type FieldValue } from '@quell/correlation';
import { belongsToLogsource } from '../sigma/logsource-router';
import { createFieldResolver } from '../sigma/field-resolver';
import type { SigmaDetectionRule } from '../sigma/sigma-rule';
import { refOf, type BacktestRules } from './backtest-rules';

const iso = (ms: number): string => new Date(ms).toISOString();

/** Where a run prints its lines (a command's standard output; nothing for an API answer). */
export interface BacktestOutput {
  out(line: string): void;
}

export interface BacktestRunOptions {
  /**
   * Shows each event some detection rule matched, once, instead of a line per detection alert
   * (`quell rules test` prints the events; the backtest prints the alerts).
   */
  showEvent?: (event: Event) => void;
}

export interface CorrelationAlertSummary {
  correlationId: string;
  title: string;
  tenant: string;
  episodeId: string;
  group: CorrelationResult['group'];
  value: CorrelationResult['value'];
  count: number;
  level: CorrelationResult['level'];
  first: string;
  last: string;
}

/**
 * Replays events through the rules as the correlator would see them: each detection hit, and for
 * correlations one engine per tenant (windows never mix tenants) fed in event-time order.
 * Prints detection hits as they are found and correlation alerts, one per episode, at the end.
 */
export class BacktestRun {
  private readonly engines = new Map<string, CorrelationEngine>();
  /** Latest result of each alerting episode, in the order the episodes opened. */
  private readonly episodes = new Map<string, { tenant: string; result: CorrelationResult }>();
  private readonly resolve = createFieldResolver();
  private events = 0;
  private matched = 0;
  private detectionAlerts = 0;

  constructor(
    private readonly rules: BacktestRules,
    private readonly clock: () => number,
    private readonly out: BacktestOutput,
    private readonly options: BacktestRunOptions = {},
  ) {}

  /** Events fed so far, and how many of them some detection rule matched. */
  get counts(): { events: number; matched: number } {
    return { events: this.events, matched: this.matched };
  }

  feed(events: readonly Event[]): void {
    for (const event of events) {
      this.events++;
      const hits = this.rules.detections.filter((rule) => belongsToLogsource(rule.logsource, event) && rule.matches(event));
      if (hits.length === 0) continue;
      this.matched++;
      this.options.showEvent?.(event);
      for (const rule of hits) this.hit(rule, event);
    }
  }

  /** Prints the correlation alerts and the summary line; returns how many alerts would have been raised. */
  finish(): number {
    const alerts = this.detectionAlerts + this.printCorrelationAlerts();
    this.out.out(`would raise ${alerts} alerts from ${this.events} events`);
    return alerts;
  }

  /** One line per correlation episode that raised an alert, in the order they opened; returns how many. */
  printCorrelationAlerts(): number {
    for (const a of this.correlationAlerts()) this.out.out(correlationAlertLine(a));
    return this.episodes.size;
  }

  /** The correlation alerts, one per episode in the order they opened (what `--json` prints). */
  correlationAlerts(): CorrelationAlertSummary[] {
    return [...this.episodes.values()].map(({ tenant, result: r }) => ({
      correlationId: r.correlationId,
      title: r.title,
      tenant,
      episodeId: r.episodeId,
      group: r.group,
      value: r.value,
      count: r.count,
      level: r.level,
      first: iso(r.openedAt),
      last: iso(r.lastSeen),
    }));
  }

  private hit(rule: SigmaDetectionRule, event: Event): void {
    const ref = refOf(rule);
    const { correlations } = this.rules;
    if (correlations.raisesOwnAlerts(ref)) {
      this.detectionAlerts++;
      if (!this.options.showEvent) this.out.out(detectionHitLine(event, `${rule.title}${rule.id ? ` (${rule.id})` : ''}`));
    }
    if (correlations.targetsOf(ref).length === 0) return;
    const fields: Record<string, FieldValue> = {};
    for (const field of correlations.requiredFields(ref)) fields[field] = this.resolve(event, field) ?? null;
    const results = this.engineOf(event.tenant).process({
      ...ref,
      time: event.time,
      matchId: `${event.id}#${ref.ruleId}`,
      fields,
      ...(rule.level ? { level: rule.level } : {}),
    });
    for (const result of results) {
      if (!result.alert) continue;
      if (result.kind === 'opened' || this.episodes.has(result.episodeId)) this.episodes.set(result.episodeId, { tenant: event.tenant, result });
    }
  }

  private engineOf(tenant: string): CorrelationEngine {
    let engine = this.engines.get(tenant);
    if (!engine) {
      engine = new CorrelationEngine(this.rules.correlations, { clock: this.clock });
      this.engines.set(tenant, engine);
    }
    return engine;
  }
}

/** How a backtest prints a detection hit: time, event id, host, user, tenant and the rule. */
export function detectionHitLine(event: { time: number; id: string; tenant: string; host: { name: string | null } | null; user: { name: string | null } | null }, rule: string): string {
  return `${iso(event.time)}  ${event.id}  host=${event.host?.name ?? '-'}  user=${event.user?.name ?? '-'}  tenant=${event.tenant}  ${rule}`;
}

/** How a backtest prints a correlation alert: one line per episode. */
export function correlationAlertLine(a: CorrelationAlertSummary): string {
  return `${a.first}  ${a.title} (${a.correlationId})  tenant=${a.tenant}  episode=${a.episodeId}  group=${JSON.stringify(a.group)}  value=${a.value}  count=${a.count}  level=${a.level}  first=${a.first}  last=${a.last}`;
}
