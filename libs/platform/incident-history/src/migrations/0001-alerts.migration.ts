import type { Migration } from '@quell/platform-clickhouse';

// WARNING: applied migrations are checksummed: never edit this text, not even a comment (the
// runner refuses to start); change the schema with a new migration.
export const ALERTS_0001: Migration = {
  version: 1,
  name: '0001_alerts.sql',
  sql: `-- Every state of every alert (after screening and dedup), for investigation. An alert id is stable
-- for its episode: each update (later last_seen, more events, a higher dedup count) is a new row,
-- and the same state stored twice (a batch handled again) collapses at merge; reads use FINAL and
-- take the latest state with LIMIT 1 BY id or argMax. first_seen is stable per alert, so all rows
-- of one alert share a partition. Entities are 'type:value' strings.
CREATE TABLE IF NOT EXISTS {database}.quell_alerts
(
    tenant LowCardinality(String),
    id String,
    first_seen DateTime64(3, 'UTC'),
    last_seen DateTime64(3, 'UTC'),
    event_count UInt32,
    dedup_count UInt32,
    dedup_first_seen Nullable(DateTime64(3, 'UTC')),
    rule_id String,
    rule_title String,
    rule_version Nullable(String),
    rule_level LowCardinality(String),
    rule_author Nullable(String),
    rule_tags Array(String),
    kind LowCardinality(String),
    fingerprint String,
    entities Array(String),
    sample_event_ids Array(String),
    tactics Array(String),
    techniques Array(String),
    kill_chain_phase Nullable(String),
    explanation Nullable(String),
    details Map(String, String),
    suppression_state LowCardinality(String),
    suppression_change_id Nullable(String),
    suppression_reason Nullable(String),
    recorded_at DateTime64(3, 'UTC'),
    alert String,
    INDEX alert_entities entities TYPE bloom_filter GRANULARITY 4,
    INDEX alert_rule rule_id TYPE bloom_filter GRANULARITY 4,
    INDEX alert_change suppression_change_id TYPE bloom_filter GRANULARITY 4
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(first_seen)
ORDER BY (tenant, id, last_seen, event_count, dedup_count);
`,
};
