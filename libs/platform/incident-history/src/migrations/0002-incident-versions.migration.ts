import type { Migration } from '@quell/platform-clickhouse';

// WARNING: applied migrations are checksummed: never edit this text, not even a comment (the
// runner refuses to start); change the schema with a new migration.
export const INCIDENT_VERSIONS_0002: Migration = {
  version: 2,
  name: '0002_incident_versions.sql',
  sql: `-- Every version of every incident, as published to the compacted incidents topic (which keeps
-- only the latest). One row per (tenant, id, version); a version stored twice collapses at merge,
-- and reads use FINAL. rule_ids and techniques come from the incident's stored alerts; entities
-- are 'type:value' strings, so the similarity query compares the three as sets.
CREATE TABLE IF NOT EXISTS {database}.quell_incident_versions
(
    tenant LowCardinality(String),
    id String,
    version UInt32,
    title String,
    status LowCardinality(String),
    severity LowCardinality(String),
    priority UInt8,
    services Array(String),
    entities Array(String),
    alert_ids Array(String),
    alert_count UInt32,
    rule_ids Array(String),
    techniques Array(String),
    kill_chain_phases Array(String),
    related_change_ids Array(String),
    assignee Nullable(String),
    resolution_code Nullable(String),
    first_seen DateTime64(3, 'UTC'),
    last_seen DateTime64(3, 'UTC'),
    resolved_at Nullable(DateTime64(3, 'UTC')),
    timeline_dropped UInt32,
    recorded_at DateTime64(3, 'UTC'),
    incident String,
    INDEX incident_entities entities TYPE bloom_filter GRANULARITY 4
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(first_seen)
ORDER BY (tenant, id, version);
`,
};
