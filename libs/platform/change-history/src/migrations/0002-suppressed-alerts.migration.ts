import type { Migration } from '@quell/platform-clickhouse';

// WARNING: applied migrations are checksummed: never edit this text, not even a comment (the
// runner refuses to start); change the schema with a new migration.
export const SUPPRESSED_ALERTS_0002: Migration = {
  version: 2,
  name: '0002_suppressed_alerts.sql',
  sql: `-- Every alert an approved change suppressed or annotated, as published to the suppressed-alerts
-- topic: the audit of what a change held back, listed per change. One row per (tenant, change,
-- first seen, alert id); the same alert stored again (a batch handled again, an episode's update)
-- collapses at merge to the latest recorded, and reads use FINAL.
CREATE TABLE IF NOT EXISTS {database}.quell_suppressed_alerts
(
    tenant LowCardinality(String),
    change_id String,
    alert_id String,
    state LowCardinality(String),
    first_seen DateTime64(3, 'UTC'),
    last_seen DateTime64(3, 'UTC'),
    rule_id String,
    level LowCardinality(String),
    kind LowCardinality(String),
    fingerprint String,
    hosts Array(String),
    reason String,
    recorded_at DateTime64(3, 'UTC'),
    alert String
)
ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY (tenant, change_id, first_seen, alert_id);
`,
};
