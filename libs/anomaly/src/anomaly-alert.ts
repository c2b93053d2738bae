import { derivedId, type Alert, type Entity } from '@quell/contracts';
import { attackTagOf, fingerprintOf } from '@quell/rules';
import { describeValueKind, type RateRule } from './anomaly-rule';
import { DAY_MS } from './duration';
import { describeFilter, entityTypeOf } from './event-attributes';
import type { PairCandidate } from './first-seen-evaluator';
import type { RateDecision } from './rate-decision';
import type { TimeWindow } from './rate-windows';

/**
 * An anomaly alert explains itself: `details` holds the baseline, the observed value, the query
 * window and the entity (keys `anomaly.*`); `explanation` says the same in one line.
 */
export type AnomalyAlert = Alert & { explanation: string };

/** The events behind a rate finding in the evaluated window. */
export interface RateEvidence {
  firstSeen: number;
  lastSeen: number;
  sampleEventIds: string[];
}

export interface RateFinding {
  rule: RateRule;
  tenant: string;
  entity: string;
  window: TimeWindow;
  /** Baseline windows with history, most recent first (the ones the samples came from). */
  baselineWindows: TimeWindow[];
  /** The entity's count in each of `baselineWindows`, in the same order. */
  baselineSamples: number[];
  /** Every baseline window asked for, with or without history. */
  requestedWindows: number;
  decision: RateDecision;
  evidence: RateEvidence;
}

/** Same tenant, rule and entities → same fingerprint (the scheme detection alerts use). */
export function anomalyFingerprint(tenant: string, ruleId: string, entities: readonly Entity[]): string {
  return fingerprintOf(tenant, ruleId, entities);
}

/**
 * Deterministic alert id: rule, entities and window start. Re-evaluating a window, a restart, or
 * two replicas evaluating the same window all produce the same id, which downstream dedups on.
 */
export function anomalyAlertId(tenant: string, ruleId: string, entities: readonly Entity[], windowStart: number): string {
  return derivedId('anomaly', tenant, ruleId, ...entities.map((e) => `${e.type}=${e.value}`).sort(), String(windowStart));
}

/** Sigma-style tags, as every alert kind writes them: `attack.credential-access`, `attack.t1110`. */
function attackTags(tactics: readonly string[], techniques: readonly string[]): string[] {
  return [...tactics, ...techniques].map(attackTagOf);
}

const iso = (ms: number): string => new Date(ms).toISOString();
const fixed = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

function alertBase(rule: RateRule | PairCandidate['rule'], tenant: string, entities: Entity[], windowStart: number): Omit<AnomalyAlert, 'firstSeen' | 'lastSeen' | 'eventCount' | 'sampleEventIds' | 'explanation' | 'details'> {
  return {
    id: anomalyAlertId(tenant, rule.id, entities, windowStart),
    tenant,
    rule: { id: rule.id, title: rule.title, version: null, level: rule.level, author: 'Quell', tags: attackTags(rule.tactics, rule.techniques) },
    kind: 'anomaly',
    entities,
    fingerprint: anomalyFingerprint(tenant, rule.id, entities),
    tactics: rule.tactics,
    techniques: rule.techniques,
    killChainPhase: rule.tactics[0] ?? null,
    suppression: { state: 'none', changeId: null, reason: null },
    dedup: null,
  };
}

export function buildRateAlert(f: RateFinding): AnomalyAlert {
  const { rule, decision: d, window } = f;
  const entities = [{ type: entityTypeOf(rule.entity), value: f.entity }];
  const baselineKind = rule.baseline.kind === 'rolling' ? 'previous intervals' : `same hour of week${rule.baseline.timeZone ? ` (${rule.baseline.timeZone})` : ''}`;
  const floorNote = d.floor === 'none' ? '' : d.floor === 'poisson' ? ` (floored to √mean = ${fixed(d.effectiveStd)})` : ` (floored to ${fixed(d.effectiveStd)})`;
  const explanation =
    `${rule.entity} ${f.entity}: ${d.observed} events (${describeFilter(rule.filter)}) in ${iso(window.from)}–${iso(window.to)}, ` +
    `baseline mean ${fixed(d.mean)} std ${fixed(d.std)}${floorNote} over ${d.sampleCount} ${baselineKind} windows; ` +
    `${fixed(d.score)} std devs above the mean (threshold ${rule.threshold.stdDevs}, alert from ${fixed(d.limit)})`;
  return {
    ...alertBase(rule, f.tenant, entities, window.from),
    firstSeen: f.evidence.firstSeen,
    lastSeen: f.evidence.lastSeen,
    eventCount: d.observed,
    sampleEventIds: f.evidence.sampleEventIds,
    explanation,
    details: {
      'anomaly.type': 'rate',
      'anomaly.entity_type': rule.entity,
      'anomaly.entity': f.entity,
      'anomaly.filter': describeFilter(rule.filter),
      'anomaly.window': `${iso(window.from)}/${iso(window.to)}`,
      'anomaly.baseline': `mean=${fixed(d.mean)} std=${fixed(d.std)} samples=${d.sampleCount}`,
      'anomaly.window_from': iso(window.from),
      'anomaly.window_to': iso(window.to),
      'anomaly.observed': String(d.observed),
      'anomaly.baseline_kind': rule.baseline.kind,
      'anomaly.baseline_mean': fixed(d.mean),
      'anomaly.baseline_std': fixed(d.std),
      'anomaly.baseline_effective_std': fixed(d.effectiveStd),
      'anomaly.baseline_std_floor': d.floor,
      'anomaly.baseline_samples': f.baselineSamples.join(','),
      'anomaly.baseline_sample_count': String(d.sampleCount),
      'anomaly.baseline_windows_requested': String(f.requestedWindows),
      'anomaly.baseline_windows': f.baselineWindows.map((w) => `${iso(w.from)}/${iso(w.to)}`).join(','),
      'anomaly.score': fixed(d.score),
      'anomaly.threshold_std_devs': String(rule.threshold.stdDevs),
      'anomaly.threshold_limit': fixed(d.limit),
      'anomaly.min_observed': String(rule.threshold.minObserved),
      'anomaly.min_samples': String(rule.threshold.minSamples),
    },
  };
}

/**
 * The first-seen alert's window starts at the UTC day of the first sighting (or the lookback when
 * shorter): a pair raced by two batches or two replicas on the same day yields one alert id.
 */
export function buildFirstSeenAlert(c: PairCandidate, lastSeenBefore?: number): AnomalyAlert {
  const { rule } = c;
  const entities = [
    { type: entityTypeOf(rule.entity), value: c.entity },
    { type: entityTypeOf(rule.value), value: c.value },
  ];
  const bucket = Math.min(rule.lookbackMs, DAY_MS);
  const windowStart = Math.floor(c.firstTime / bucket) * bucket;
  const lookbackFrom = c.firstTime - rule.lookbackMs;
  const valueName = describeValueKind(rule.value);
  const explanation =
    `${valueName} ${c.value} first seen for ${rule.entity} ${c.entity} at ${iso(c.firstTime)}: ` +
    `not in history from ${iso(lookbackFrom)} (lookback ${fixed(rule.lookbackMs / DAY_MS)} days); ${c.count} event(s) in this batch`;
  return {
    ...alertBase(rule, c.tenant, entities, windowStart),
    firstSeen: c.firstTime,
    lastSeen: c.lastTime,
    eventCount: c.count,
    sampleEventIds: c.eventIds,
    explanation,
    details: {
      'anomaly.type': 'first-seen',
      'anomaly.entity_type': rule.entity,
      'anomaly.entity': c.entity,
      'anomaly.value_type': valueName,
      'anomaly.value': c.value,
      'anomaly.filter': describeFilter(rule.filter),
      'anomaly.window': `${iso(lookbackFrom)}/${iso(c.firstTime)}`,
      'anomaly.observed': `${valueName}=${c.value}`,
      'anomaly.baseline': lastSeenBefore === undefined ? 'not seen in lookback' : `last seen ${iso(lastSeenBefore)}`,
      'anomaly.first_seen': iso(c.firstTime),
      'anomaly.lookback_from': iso(lookbackFrom),
      'anomaly.lookback_to': iso(c.firstTime),
      'anomaly.lookback_days': fixed(rule.lookbackMs / DAY_MS),
      'anomaly.batch_events': String(c.count),
    },
  };
}
