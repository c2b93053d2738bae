import type { Migration } from '@quell/platform-clickhouse';

// WARNING: applied migrations are checksummed: never edit this text, not even a comment (the
// runner refuses to start); change the schema with a new migration. The text is the former
// migrations/0001_events.sql, byte for byte, so databases that applied that file recognise it.
export const EVENTS_TABLE_0001: Migration = {
  version: 1,
  name: '0001_events.sql',
  sql: `-- The normalized event history that correlation windows, baselines and investigations read.
-- ReplacingMergeTree collapses a replayed event (same sort key, same id) at merge time, and the
-- insert deduplication token (non_replicated_deduplication_window) drops a retried batch at once:
-- together a redelivered batch never leaves two copies of an event.
-- Ordered for investigations: a tenant's host over time. Partitioned by day; kept 90 days.
CREATE TABLE IF NOT EXISTS {database}.quell_events
(
    id String,
    tenant LowCardinality(String),
    time DateTime64(3, 'UTC'),
    ingest_time DateTime64(3, 'UTC'),
    source_type LowCardinality(String),
    source_name LowCardinality(String),
    class_name LowCardinality(String),
    class_uid UInt32,
    action LowCardinality(String),
    outcome LowCardinality(String),
    severity UInt8,
    host_name String,
    host_ip String,
    user_name String,
    user_domain String,
    src_ip String,
    src_port UInt16,
    dst_ip String,
    dst_port UInt16,
    process_pid Int64,
    process_name String,
    process_executable String,
    process_command_line String,
    process_parent_name String,
    service LowCardinality(String),
    message String,
    tags Array(String),
    original Map(String, String),
    raw_text String,
    attack_techniques Array(String),
    late Bool,
    INDEX idx_user user_name TYPE bloom_filter GRANULARITY 4,
    INDEX idx_src_ip src_ip TYPE bloom_filter GRANULARITY 4,
    INDEX idx_dst_ip dst_ip TYPE bloom_filter GRANULARITY 4,
    INDEX idx_process process_name TYPE bloom_filter GRANULARITY 4,
    INDEX idx_id id TYPE bloom_filter GRANULARITY 4
)
ENGINE = ReplacingMergeTree(ingest_time)
PARTITION BY toYYYYMMDD(time)
ORDER BY (tenant, host_name, time, id)
TTL toDateTime(time) + INTERVAL 90 DAY
SETTINGS non_replicated_deduplication_window = 1000
`,
};
