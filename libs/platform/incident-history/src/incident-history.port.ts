import type { Alert, Entity, Incident } from '@quell/contracts';

/** Port token of the incident history (IncidentHistory). */
export const INCIDENT_HISTORY = Symbol('INCIDENT_HISTORY');

/** What a new incident is compared on: rule ids, ATT&CK technique ids and entities (see README). */
export interface SimilarityProbe {
  /** The incident being compared, left out of its own answer; null for an ad-hoc probe. */
  incidentId: string | null;
  ruleIds: readonly string[];
  techniques: readonly string[];
  entities: readonly Entity[];
}

/** A resolved incident like the probe: its score, what it shares, and how it ended. */
export interface SimilarIncident {
  id: string;
  title: string;
  status: string;
  /** Weighted Jaccard similarity in [0, 1] (weights in SIMILARITY_WEIGHTS). */
  score: number;
  /** Each dimension's Jaccard index in [0, 1], unrounded: the score is their weighted sum. */
  jaccard: { rules: number; techniques: number; entities: number };
  sharedRules: string[];
  sharedTechniques: string[];
  /** Shared entities as 'type:value'. */
  sharedEntities: string[];
  resolutionCode: string | null;
  /** What the analyst wrote when resolving it (`backup job`), null when nothing. */
  resolutionNote: string | null;
  /** From the incident's first seen to its resolution, milliseconds. */
  timeToResolveMs: number;
  resolvedAt: number;
}

/** Every alert state and every incident version, stored for investigation and similarity. */
/** A rule as its stored alerts credit it. */
export type StoredRuleCredit = Pick<Alert['rule'], 'id' | 'title' | 'author'>;

export interface IncidentHistory {
  /** Stores alert states; the same state stored again changes nothing. Throws on failure. */
  recordAlerts(alerts: readonly Alert[], recordedAt: number): Promise<void>;
  /**
   * Stores incident versions; a version stored again changes nothing. Rules and techniques are
   * taken from the incident's alerts already recorded, so record an incident's alerts first.
   */
  recordIncidents(versions: readonly Incident[], recordedAt: number): Promise<void>;
  /** The latest state of each alert of the incident's latest version, oldest first. */
  alertsOfIncident(tenant: string, incidentId: string): Promise<Alert[]>;
  /**
   * Each of the rules with a recorded alert of the tenant first seen since `since` (ms), as its
   * latest recorded alert names it (title, author), whichever incident that alert belongs to; rules
   * with none are left out. `since` bounds the read to the partitions of recent alerts.
   */
  ruleCredits(tenant: string, ruleIds: readonly string[], since: number): Promise<StoredRuleCredit[]>;
  /** The latest version of each incident that has (had) the entity, most recently seen first. */
  incidentsTouchingEntity(tenant: string, entity: Entity, limit?: number): Promise<Incident[]>;
  /** The stored incident's latest rules, techniques and entities as a probe; null when unknown. */
  probeOf(tenant: string, incidentId: string): Promise<SimilarityProbe | null>;
  /** Resolved or closed incidents of the tenant most like the probe, best first. */
  similarResolvedIncidents(tenant: string, probe: SimilarityProbe, limit?: number): Promise<SimilarIncident[]>;
}
