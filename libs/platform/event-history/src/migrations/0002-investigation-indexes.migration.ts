import type { Migration } from '@quell/platform-clickhouse';

// WARNING: applied migrations are checksummed: never edit this text, not even a comment (the
// runner refuses to start); change the schema with a new migration. The text is the former
// migrations/0002_investigation_indexes.sql, byte for byte, so databases that applied that file recognise it.
export const INVESTIGATION_INDEXES_0002: Migration = {
  version: 2,
  name: '0002_investigation_indexes.sql',
  sql: `-- Skipping indexes for the filters investigations use most (see docs/investigations.md).
-- Low-cardinality columns get \`set\` indexes (a granule is skipped when its value set lacks the
-- value); high-cardinality ones get bloom filters; command lines get an n-gram bloom filter so a
-- LIKE '%pattern%' skips granules. Indexes apply to parts written from now on; run
-- \`ALTER TABLE … MATERIALIZE INDEX <name>\` once to cover older parts.
ALTER TABLE {database}.quell_events ADD INDEX IF NOT EXISTS idx_class class_name TYPE set(64) GRANULARITY 4;
ALTER TABLE {database}.quell_events ADD INDEX IF NOT EXISTS idx_action action TYPE set(512) GRANULARITY 4;
ALTER TABLE {database}.quell_events ADD INDEX IF NOT EXISTS idx_outcome outcome TYPE set(8) GRANULARITY 4;
ALTER TABLE {database}.quell_events ADD INDEX IF NOT EXISTS idx_service service TYPE set(1024) GRANULARITY 4;
ALTER TABLE {database}.quell_events ADD INDEX IF NOT EXISTS idx_host_ip host_ip TYPE bloom_filter GRANULARITY 4;
ALTER TABLE {database}.quell_events ADD INDEX IF NOT EXISTS idx_command_line process_command_line TYPE ngrambf_v1(3, 8192, 3, 0) GRANULARITY 4;
-- User names arrive as \`Alice\`, \`alice\`, \`CORP\\alice\`: one lower-cased key finds them all.
ALTER TABLE {database}.quell_events ADD COLUMN IF NOT EXISTS user_key String MATERIALIZED lower(user_name);
ALTER TABLE {database}.quell_events ADD INDEX IF NOT EXISTS idx_user_key user_key TYPE bloom_filter GRANULARITY 4;
`,
};
