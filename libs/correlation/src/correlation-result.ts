import { CorrelationType, Level } from './correlation-definition';

/**
 * What the engine emits: `opened` the first time a correlation's condition holds for a group,
 * `updated` for each later match while it keeps holding in the same episode.
 */
export interface CorrelationResult {
  kind: 'opened' | 'updated';
  correlationId: string;
  correlationName?: string;
  title: string;
  type: CorrelationType;
  /** Stable across replicas and restarts: correlation id, group key and the opening time. */
  episodeId: string;
  groupKey: string;
  /** Group-by values by group-by name (alias names where aliases are used). */
  group: Record<string, string>;
  /** The correlation's level, raised to the highest level among the matches (never lowered). */
  level: Level;
  /** False when another correlation references this one without `generate: true`. */
  alert: boolean;
  /** The aggregate that satisfied the condition (count, distinct values, sum, mean, percent). */
  value: number;
  /** Human-readable condition, e.g. `gte 10`. */
  condition: string;
  /** Event time at which the condition first held. */
  openedAt: number;
  /** Newest event time among the episode's matches. */
  lastSeen: number;
  /** Matches that fed the episode: those of the opening window, then each later one while it held. */
  count: number;
  /** The first match ids of the episode, at most `sampleSize`. */
  sampleMatchIds: readonly string[];
  triggeringMatchId: string;
  /** The triggering match arrived after a newer one (within the allowed lateness). */
  late: boolean;
  /** Wall-clock time of emission, from the injected clock. */
  emittedAt: number;
}
