import type { Migration } from '@quell/platform-clickhouse';

// WARNING: applied migrations are checksummed: never edit this text, not even a comment (the
// runner refuses to start); change the schema with a new migration.
export const DEAD_LETTERS_0001: Migration = {
  version: 1,
  name: '0001_dead_letters.sql',
  sql: `-- Every record a stage gave up on, as read from the dead-letter topic: why (reason, error
-- class, stage, attempts), where from (origin topic, partition, offset; the consumer group) and the
-- original bytes (base64, bounded), headers and key a replay sends back. The id is derived from the
-- group and origin coordinates, so a letter read twice collapses at merge; reads use FINAL.
CREATE TABLE IF NOT EXISTS {database}.quell_dead_letters
(
    id String,
    tenant LowCardinality(String),
    reason String,
    error_class Nullable(String),
    stage LowCardinality(String),
    consumer_group LowCardinality(String),
    attempts Nullable(UInt32),
    origin_topic Nullable(String),
    origin_partition Nullable(Int32),
    origin_offset Nullable(String),
    failed_at DateTime64(3, 'UTC'),
    dlq_partition Int32,
    dlq_offset String,
    record_key Nullable(String),
    headers Map(String, String),
    size UInt32,
    stored_bytes UInt32,
    value_base64 String,
    preview String,
    not_replayable Nullable(String)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(failed_at)
ORDER BY (tenant, id)
TTL toDateTime(failed_at) + INTERVAL 30 DAY;

-- A letter's replay, once: the row is written before the publish (a failed publish writes a newer
-- row with replayed_at NULL), so a second request, even after a restart, is refused.
CREATE TABLE IF NOT EXISTS {database}.quell_dead_letter_replays
(
    id String,
    tenant LowCardinality(String),
    replayed_at Nullable(DateTime64(3, 'UTC')),
    replayed_by String,
    at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(at)
ORDER BY (tenant, id)
TTL toDateTime(at) + INTERVAL 30 DAY;
`,
};
