export * from './anomaly-rule';
export { AnomalyRuleError, formatKeyPath } from './anomaly-rule-error';
export { parseAnomalyRules, HISTORY_RETENTION_MS } from './anomaly-rule-parser';
export { parseDuration } from './duration';
export { baselineWindows, evaluationWindowAt, type TimeWindow } from './rate-windows';
export { baselineStats, decideRate, type BaselineStats, type RateDecision, type RateVerdict } from './rate-decision';
export { evaluateRateRule, type RateHistory, type RateRow } from './rate-evaluator';
export { dueWindows, type DueWindows, type DueWindowsInput } from './rate-due-windows';
export { attributeOf, lowerAscii, matchesFilter, entityTypeOf, describeFilter } from './event-attributes';
export { KnownPairs } from './known-pairs';
export {
  FirstSeenEvaluator,
  collectCandidates,
  pairKey,
  candidateKey,
  type PairCandidate,
  type PairHistory,
  type FirstSeenOptions,
} from './first-seen-evaluator';
export {
  buildRateAlert,
  buildFirstSeenAlert,
  anomalyAlertId,
  anomalyFingerprint,
  type AnomalyAlert,
  type RateFinding,
  type RateEvidence,
} from './anomaly-alert';
export { isTimeZone, zoneOffsetMs } from './time-zone';
