import type { Entity } from '@quell/contracts';

/** What the tracker needs of an alert. */
export interface KillChainInput {
  tenant: string;
  alertId: string;
  ruleId: string;
  ruleTitle: string;
  /** Event time the alert stands for (its first seen), epoch ms. */
  time: number;
  /** ATT&CK tactic names of the alert; names that are not tactics are ignored. */
  tactics: readonly string[];
  /** Host and user entities are tracked; other types are ignored. */
  entities: readonly Entity[];
  /** The alert's level; a critical one makes the escalation critical. */
  level?: string;
  /**
   * The event the alert stands on (its first sample event): alerts of one event (a detection and
   * the first-seen findings of that event) are one step of a progression, not several.
   */
  evidenceId?: string;
}

export type TrackedEntityType = 'host' | 'user';

/** One tactic reached: the first alert (by event time) that showed it in the episode. */
export interface KillChainStep {
  tactic: string;
  alertId: string;
  ruleId: string;
  ruleTitle: string;
  time: number;
}

/**
 * `opened` when an entity first reaches the threshold of distinct tactics within the window,
 * `updated` for each later alert while the condition keeps holding in the same episode.
 */
export interface KillChainResult {
  kind: 'opened' | 'updated';
  tenant: string;
  entity: { type: TrackedEntityType; value: string };
  /** Stable across replicas and restarts: tenant, entity and the time the condition first held. */
  episodeId: string;
  /** Distinct tactics reached in the episode, in event-time order (matrix order on equal times). */
  path: KillChainStep[];
  level: 'high' | 'critical';
  /** Event time at which the threshold was first reached. */
  openedAt: number;
  /** Newest alert time in the episode. */
  lastSeen: number;
  /** Alerts that fed the episode. */
  alertCount: number;
  sampleAlertIds: readonly string[];
  triggeringAlertId: string;
  /** The triggering alert arrived after a newer one (within the allowed lateness). */
  late: boolean;
  threshold: number;
  windowMs: number;
  /** Wall-clock time of emission, from the injected clock. */
  emittedAt: number;
}

/** An alert refused for one entity: it arrived more than the allowed lateness behind that entity's newest alert. */
export interface KillChainRefusal {
  tenant: string;
  entity: { type: TrackedEntityType; value: string };
  alertId: string;
  ruleId: string;
  /** The alert's event time, epoch ms. */
  time: number;
  /** The entity's newest alert time when it was refused. */
  entityLatest: number;
  allowedLatenessMs: number;
}

export interface KillChainCounters {
  inputs: number;
  /** (alert, entity) pairs that arrived after a newer alert of the entity, within the allowed lateness. */
  late: number;
  /** (alert, entity) pairs refused: more than the allowed lateness behind the entity's newest alert. */
  tooLate: number;
  /** Inputs (alert, tactic) already held: an alert update resent. */
  duplicates: number;
  /** Tactic names that are not ATT&CK tactics. */
  unknownTactics: number;
  /** Entries dropped because an entity reached its entry cap. */
  droppedByCap: number;
  evicted: number;
}
