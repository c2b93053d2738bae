import type { Alert } from '@quell/contracts';
import { TACTIC_ORDER, tacticRank } from '@quell/killchain';
import { added, type PriorityFactor } from './priority-factor';

export const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Sigma level → points; an unknown level counts as medium, as the grouping did before. */
const LEVEL_POINTS: Record<string, number> = { informational: 1, info: 1, low: 2, medium: 3, high: 4, critical: 5 };

/**
 * Points for the furthest ATT&CK tactic reached: the later the stage, the nearer the damage.
 * Early stages (reconnaissance … execution) add nothing: the Sigma level already covers them.
 */
const STAGE_POINTS: Record<string, number> = {
  persistence: 1, 'privilege-escalation': 1, 'defense-evasion': 1, stealth: 1, 'defense-impairment': 1,
  'credential-access': 1, discovery: 1, 'lateral-movement': 1,
  collection: 2, 'command-and-control': 2,
  exfiltration: 3, impact: 3,
};
/** Distinct phases from which a progression counts (+1): one entity walked several stages. */
export const PROGRESSION_PHASES = 3;
/** Anomaly z-scores (standard deviations over the baseline) that add +1 and +2. */
export const ANOMALY_SCORE_STEPS = [5, 10] as const;

export interface SeverityAssessment {
  severity: Severity;
  /** Sum of the factors' contributions. */
  score: number;
  factors: PriorityFactor[];
}

/**
 * The incident's severity from its alerts (README "Severity"): the highest Sigma level, plus
 * correlation escalation, threat-intel hits, the furthest kill-chain stage and progression, and
 * anomaly scores. Bands: ≤1 informational, 2 low, 3 medium, 4 high, ≥5 critical.
 */
export function assessSeverity(given: readonly Alert[], killChainPhases: readonly string[] = []): SeverityAssessment {
  if (given.length === 0) throw new Error('assessSeverity needs at least one alert');
  const alerts = byId(given);
  const factors: PriorityFactor[] = [];
  const top = alerts.reduce((best, alert) => (levelPoints(alert) > levelPoints(best) ? alert : best));
  factors.push(added('sigma-level', `${top.rule.level} rule ${top.rule.title}`, levelPoints(top)));
  const correlation = alerts.find((alert) => alert.kind === 'correlation');
  if (correlation) factors.push(added('correlation', `correlation ${correlation.rule.title}`, 1));
  const intel = alerts.find((alert) => alert.kind === 'intel' || alert.details['intel.indicator'] !== undefined);
  if (intel) factors.push(added('intel', `threat intel hit ${intel.details['intel.indicator'] ?? intel.rule.title}`, 1));
  factors.push(...killChainFactors(alerts, killChainPhases));
  const anomaly = anomalyFactor(alerts);
  if (anomaly) factors.push(anomaly);
  const score = factors.reduce((sum, factor) => sum + factor.contribution, 0);
  return { severity: severityOfScore(score), score, factors };
}

/** In id order, so the alert each factor names does not depend on arrival order. */
export function byId(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function severityOfScore(score: number): Severity {
  return SEVERITIES[Math.min(Math.max(Math.round(score), 1), 5) - 1];
}

function levelPoints(alert: Alert): number {
  return LEVEL_POINTS[alert.rule.level.toLowerCase()] ?? LEVEL_POINTS['medium'];
}

function killChainFactors(alerts: readonly Alert[], incidentPhases: readonly string[]): PriorityFactor[] {
  const phases = new Set(incidentPhases);
  for (const alert of alerts) if (alert.killChainPhase) phases.add(alert.killChainPhase);
  const factors: PriorityFactor[] = [];
  // The furthest stage: the most points, then the later tactic in matrix order (lateral-movement after
  // credential-access, both +1), then by name, so the result does not depend on Set order.
  const furthest = [...phases].sort().reduce<string | undefined>((best, phase) => (best === undefined || stageOrder(phase, best) > 0 ? phase : best), undefined);
  if (furthest && STAGE_POINTS[furthest]) factors.push(added('kill-chain-stage', `kill-chain reached ${furthest}`, STAGE_POINTS[furthest]));
  if (phases.size >= PROGRESSION_PHASES) factors.push(added('kill-chain-progression', `kill-chain progression across ${phases.size} phases`, 1));
  return factors;
}

const TACTIC_COUNT = TACTIC_ORDER.length;

/** > 0 when `a` is a further stage than `b`: more points, then later in the ATT&CK matrix (an unknown phase ranks first). */
function stageOrder(a: string, b: string): number {
  const rank = (phase: string) => (tacticRank(phase) === TACTIC_COUNT ? -1 : tacticRank(phase));
  return (STAGE_POINTS[a] ?? 0) - (STAGE_POINTS[b] ?? 0) || rank(a) - rank(b);
}

function anomalyFactor(alerts: readonly Alert[]): PriorityFactor | undefined {
  const scores = alerts.map((alert) => Number(alert.details['anomaly.score'])).filter((score) => Number.isFinite(score));
  if (scores.length === 0) return undefined;
  const top = Math.max(...scores);
  const points = ANOMALY_SCORE_STEPS.filter((step) => top >= step).length;
  return points > 0 ? added('anomaly', `anomaly ${top.toFixed(1)} standard deviations over baseline`, points) : undefined;
}
