import type { TopicRole } from './topics';

export const CLEANUP_POLICIES = ['delete', 'compact'] as const;
export type CleanupPolicy = (typeof CLEANUP_POLICIES)[number];

/** How a topic is created. Unset fields follow the deployment (KAFKA_TOPIC_* keys) or the broker. */
export interface TopicSettings {
  /**
   * Partitions, the most replicas of one consumer group that get work (the autoscaling bound).
   * Unset: KAFKA_TOPIC_DEFAULT_PARTITIONS.
   */
  partitions?: number;
  /** Copies of each partition. Unset: KAFKA_TOPIC_REPLICATION_FACTOR, else the broker's default.replication.factor. */
  replicationFactor?: number;
  /** How long records are kept, in ms (-1: forever); delete-policy topics only. Unset: the broker's log.retention. */
  retentionMs?: number;
  /** `compact` keeps the latest record per key (the current state of an incident or a change). */
  cleanupPolicy: CleanupPolicy;
}

/** The names Kafka gives the settings of a topic, as `<role>.<setting>` overrides spell them. */
export const TOPIC_SETTING_NAMES = ['partitions', 'replicationFactor', 'retentionMs', 'cleanupPolicy'] as const satisfies readonly (keyof TopicSettings)[];

const DAY_MS = 86_400_000;

/**
 * Defaults per topic (README "Topics"). Streams keep a week, enough to replay a stage after an
 * outage; dead letters a month, for operators to look at; state topics are compacted and keep the
 * latest record per key for ever. Partitions follow KAFKA_TOPIC_DEFAULT_PARTITIONS unless set here.
 */
export const TOPIC_SETTINGS: Readonly<Record<TopicRole, TopicSettings>> = {
  ingest: { cleanupPolicy: 'delete', retentionMs: 7 * DAY_MS },
  raw: { cleanupPolicy: 'delete', retentionMs: 7 * DAY_MS },
  events: { cleanupPolicy: 'delete', retentionMs: 7 * DAY_MS },
  configChanges: { cleanupPolicy: 'delete', retentionMs: 7 * DAY_MS },
  matches: { cleanupPolicy: 'delete', retentionMs: 7 * DAY_MS },
  alerts: { cleanupPolicy: 'delete', retentionMs: 7 * DAY_MS },
  alertsScreened: { cleanupPolicy: 'delete', retentionMs: 7 * DAY_MS },
  alertsUnique: { cleanupPolicy: 'delete', retentionMs: 7 * DAY_MS },
  alertsSuppressed: { cleanupPolicy: 'delete', retentionMs: 30 * DAY_MS },
  incidents: { cleanupPolicy: 'compact' },
  incidentsOcsf: { cleanupPolicy: 'compact' },
  changes: { cleanupPolicy: 'compact' },
  notifications: { cleanupPolicy: 'delete', retentionMs: 7 * DAY_MS },
  deadLetters: { cleanupPolicy: 'delete', retentionMs: 30 * DAY_MS },
};

/** Topics created with cleanup.policy=compact: the latest record per key is the current state. */
export const COMPACTED_ROLES: readonly TopicRole[] = (Object.keys(TOPIC_SETTINGS) as TopicRole[]).filter(
  (role) => TOPIC_SETTINGS[role].cleanupPolicy === 'compact',
);
