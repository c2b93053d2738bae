import { Controller, Inject, Optional } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Alert, AvroCodec, Event, RuleMatch, Topics } from '@quell/contracts';
import { entitiesOf } from '@quell/rules';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CODEC, eachRecord, TOPICS } from '@quell/platform-service-kit';
import { CorrelatorMetrics } from '../correlator.metrics';
import { EVENT_DETECTORS, findingsOf, followAlerts, type EventDetector } from '../extensions';
import { refOf, type CorrelatorRules } from '../rules/correlator-rules';
import { CorrelatorRulesSource } from '../rules/rules.provider';
import { detectionAlertOf } from './detection-alert';
import { matchKeyOf, routeDetection } from './match-routing';

/**
 * Stage 1, stateless: each event against the detection rules. A hit raises a detection alert
 * (unless a correlation references the rule without `generate`) and, for each correlation that
 * references the rule, a RuleMatch on the matches topic keyed by the correlation's group, so that
 * stage 2 sees a whole group in one partition. Extra detectors (EVENT_DETECTORS) run on the batch.
 */
@Controller()
export class EventsHandler {
  constructor(
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly rules: CorrelatorRulesSource,
    private readonly metrics: CorrelatorMetrics,
    @Optional() @Inject(EVENT_DETECTORS) private readonly detectors: EventDetector[] = [],
  ) {}

  @ConsumeBatch('events')
  async handle(@Payload() records: InboundRecord<Event>[]): Promise<OutboundRecord[]> {
    const alerts: Alert[] = [];
    const matches: RuleMatch[] = [];
    const rules = this.rules.current;
    await eachRecord(records, ({ value: event }) => {
      const found = detectIn(rules, event, this.metrics);
      alerts.push(...found.alerts);
      matches.push(...found.matches);
    });
    for (const detector of this.detectors) {
      const findings = findingsOf(await detector.detect(records.map((r) => r.value)));
      alerts.push(...findings.alerts);
      matches.push(...(findings.matches ?? []));
    }
    matches.push(...followAlerts(this.detectors, alerts));
    return [...alerts.map((alert) => this.alertRecord(alert)), ...matches.map((match) => this.matchRecord(match))];
  }

  private alertRecord(alert: Alert): OutboundRecord {
    return { topic: this.topics.alerts, key: alert.fingerprint, value: this.codec.encodable('Alert', alert) };
  }

  private matchRecord(match: RuleMatch): OutboundRecord {
    return { topic: this.topics.matches, key: matchKeyOf(match), value: this.codec.encodable('RuleMatch', match) };
  }
}

/** One event's detection alerts and routed matches, counted in the metrics. */
export function detectIn(rules: CorrelatorRules, event: Event, metrics: CorrelatorMetrics): { alerts: Alert[]; matches: RuleMatch[] } {
  const found = detectionsIn(rules, event);
  for (const rule of found.ruleIds) metrics.detections.inc({ rule });
  for (const correlation of found.missingGroupBy) metrics.missingGroupBy.inc({ correlation });
  return { alerts: found.alerts, matches: found.matches };
}

/** What stage 1 finds in one event, without counting it anywhere (also used to rebuild windows from history). */
export interface EventDetections {
  alerts: Alert[];
  matches: RuleMatch[];
  /** Ids of the detection rules that hit. */
  ruleIds: string[];
  /** Correlations a hit did not count for for a missing group-by field. */
  missingGroupBy: string[];
}

export function detectionsIn(rules: CorrelatorRules, event: Event): EventDetections {
  const found: EventDetections = { alerts: [], matches: [], ruleIds: [], missingGroupBy: [] };
  for (const rule of rules.match(event)) {
    const ref = refOf(rule);
    found.ruleIds.push(ref.ruleId);
    // Sigma: a rule a correlation references without `generate: true` only feeds the correlation.
    if (rules.correlations.raisesOwnAlerts(ref)) found.alerts.push(detectionAlertOf(rule, event));
    const routed = routeDetection(rules, rule, event, entitiesOf(event));
    found.matches.push(...routed.matches);
    found.missingGroupBy.push(...routed.missingGroupBy);
  }
  return found;
}
