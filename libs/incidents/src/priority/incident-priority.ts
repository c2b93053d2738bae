import type { Alert, Incident } from '@quell/contracts';
import { isAfterHours } from './business-hours';
import { criticalityFactor, type AssetLookup } from './business-criticality';
import { changeFactors } from './change-context';
import { assessSeverity, byId, type Severity } from './incident-severity';
import { added, describeFactor, type PriorityFactor } from './priority-factor';
import type { Criticality, ServiceCatalog } from './service-catalog';

/** Lowest score of each priority, P1 first; below the last is P5 (README "Priority"). */
export const PRIORITY_BANDS = [8, 5, 3, 2] as const;
export const AFTER_HOURS_WEIGHT = 1;

export interface PriorityInput {
  incident: Incident;
  /** The incident's alerts (at least one). */
  alerts: readonly Alert[];
  catalog: ServiceCatalog;
  assets?: AssetLookup;
}

export interface PriorityAssessment {
  /** 1 (page now) to 5 (backlog). */
  priority: number;
  severity: Severity;
  /** The business criticality that weighed in, when any service or asset touched is known. */
  criticality?: Criticality;
  /** Severity points × criticality, plus after-hours and change context. */
  score: number;
  /** Every factor, severity's first, in the order they were applied. */
  factors: PriorityFactor[];
  /** `P1 because: critical service payments (×2), high rule … (+4), after hours (+1)`. */
  reason: string;
}

/**
 * Severity and priority with their reasons. Deterministic: the same incident, alerts, catalog and
 * inventory give the same answer; after-hours is judged at the incident's last activity
 * (lastSeen), not at the time of computing, so a replay agrees with the first run.
 */
export function assessPriority(input: PriorityInput): PriorityAssessment {
  const { incident, alerts } = input;
  const severity = assessSeverity(alerts, incident.killChainPhases);
  const tenant = input.catalog.tenant(incident.tenant);
  const factors = [...severity.factors];
  const criticality = criticalityFactor(incident, tenant, input.assets, severity.score);
  if (criticality) factors.push(criticality.factor);
  if (isAfterHours(incident.lastSeen, tenant.businessHours)) factors.push(added('after-hours', `after hours (${tenant.businessHours.timeZone})`, AFTER_HOURS_WEIGHT));
  factors.push(...changeFactors(incident, byId(alerts)));
  const score = round(factors.reduce((sum, factor) => sum + factor.contribution, 0));
  const priority = priorityOfScore(score);
  return {
    priority,
    severity: severity.severity,
    ...(criticality ? { criticality: criticality.criticality } : {}),
    score,
    factors,
    reason: reasonOf(priority, factors),
  };
}

export function priorityOfScore(score: number): number {
  const band = PRIORITY_BANDS.findIndex((lowest) => score >= lowest);
  return band === -1 ? PRIORITY_BANDS.length + 1 : band + 1;
}

/** The factors that moved the score, largest effect first (stable for equal effects). */
function reasonOf(priority: number, factors: readonly PriorityFactor[]): string {
  const moving = factors.filter((factor) => factor.contribution !== 0 || (factor.weight.op === '×' && factor.weight.value !== 1));
  const ordered = [...moving].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  return `P${priority} because: ${ordered.map(describeFactor).join(', ')}`;
}

/** Two decimals: ×1.5 and ×0.75 make fractions, and 0.1 + 0.2 must not decide a band. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
