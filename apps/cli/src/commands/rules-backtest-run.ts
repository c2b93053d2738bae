import type { Event } from '@quell/contracts';
import { CorrelationEngine, type CorrelationResult, type FieldValue } from '@quell/correlation';
import { belongsToLogsource, createFieldResolver, type SigmaDetectionRule } from '@quell/rules';
import type { Output } from '../normalize-command';
import { refOf, type BacktestRules } from './rules-backtest-rules';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Replays history through the rules as the correlator would see it: each detection hit, and for
 * correlations one engine per tenant (windows never mix tenants) fed in event-time order.
 * Prints detection hits as they are found and correlation alerts, one per episode, at the end.
 */
export class BacktestRun {
  private readonly engines = new Map<string, CorrelationEngine>();
  /** Latest result of each alerting episode, in the order the episodes opened. */
  private readonly episodes = new Map<string, { tenant: string; result: CorrelationResult }>();
  private readonly resolve = createFieldResolver();
  private events = 0;
  private detectionAlerts = 0;

  constructor(
    private readonly rules: BacktestRules,
    private readonly clock: () => number,
    private readonly out: Output,
  ) {}

  feed(events: readonly Event[]): void {
    for (const event of events) {
      this.events++;
      for (const rule of this.rules.detections) {
        if (belongsToLogsource(rule.logsource, event) && rule.matches(event)) this.hit(rule, event);
      }
    }
  }

  /** Prints the correlation alerts and the summary line; returns how many alerts would have been raised. */
  finish(): number {
    for (const { tenant, result: r } of this.episodes.values()) {
      this.out.out(
        `${iso(r.openedAt)}  ${r.title} (${r.correlationId})  tenant=${tenant}  episode=${r.episodeId}  group=${JSON.stringify(r.group)}  value=${r.value}  count=${r.count}  level=${r.level}  first=${iso(r.openedAt)}  last=${iso(r.lastSeen)}`,
      );
    }
    const alerts = this.detectionAlerts + this.episodes.size;
    this.out.out(`would raise ${alerts} alerts from ${this.events} events`);
    return alerts;
  }

  private hit(rule: SigmaDetectionRule, event: Event): void {
    const ref = refOf(rule);
    const { correlations } = this.rules;
    if (correlations.raisesOwnAlerts(ref)) {
      this.detectionAlerts++;
      this.out.out(`${iso(event.time)}  ${event.id}  host=${event.host?.name ?? '-'}  user=${event.user?.name ?? '-'}  tenant=${event.tenant}  ${rule.title}${rule.id ? ` (${rule.id})` : ''}`);
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
