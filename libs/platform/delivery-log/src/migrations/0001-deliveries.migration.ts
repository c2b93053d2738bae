import type { Migration } from '@quell/platform-clickhouse';

// WARNING: applied migrations are checksummed: never edit this text, not even a comment (the
// runner refuses to start); change the schema with a new migration.
export const DELIVERIES_0001: Migration = {
  version: 1,
  name: '0001_deliveries.sql',
  sql: `-- Every attempt of the notifier to deliver an incident transition on a channel: sent, retry,
-- failed (given up), rate_limited, deferred or suppressed (quiet hours). One row per (delivery,
-- attempt, status); a batch written twice collapses at merge, and reads use FINAL.
CREATE TABLE IF NOT EXISTS {database}.quell_deliveries
(
    tenant LowCardinality(String),
    incident_id String,
    transition LowCardinality(String),
    transition_key String,
    channel LowCardinality(String),
    attempt UInt16,
    status LowCardinality(String),
    http_status Nullable(UInt16),
    error Nullable(String),
    at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (tenant, incident_id, transition_key, channel, attempt, status)
TTL toDateTime(at) + INTERVAL 180 DAY;
`,
};
