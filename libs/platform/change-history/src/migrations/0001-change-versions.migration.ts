import type { Migration } from '@quell/platform-clickhouse';

// WARNING: applied migrations are checksummed: never edit this text, not even a comment (the
// runner refuses to start); change the schema with a new migration.
export const CHANGE_VERSIONS_0001: Migration = {
  version: 1,
  name: '0001_change_versions.sql',
  sql: `-- Every version of every change, as published to the compacted changes topic (which keeps only
-- the latest): the calendar's history and search. One row per (tenant, id, version); a version
-- inserted twice (a batch handled again) collapses at merge, and reads use FINAL.
CREATE TABLE IF NOT EXISTS {database}.quell_change_versions
(
    tenant LowCardinality(String),
    id String,
    version UInt32,
    status LowCardinality(String),
    kind LowCardinality(String),
    title String,
    ticket_ref Nullable(String),
    owner Nullable(String),
    approver Nullable(String),
    hosts Array(String),
    services Array(String),
    first_start DateTime64(3, 'UTC'),
    last_end DateTime64(3, 'UTC'),
    recorded_at DateTime64(3, 'UTC'),
    change String
)
ENGINE = ReplacingMergeTree
ORDER BY (tenant, id, version);
`,
};
