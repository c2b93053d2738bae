import type { Migration } from '@quell/platform-clickhouse';

// WARNING: applied migrations are checksummed: never edit this text, not even a comment (the
// runner refuses to start); change the schema with a new migration.
export const INCIDENT_V3_0003: Migration = {
  version: 3,
  name: '0003_incident_v3.sql',
  sql: `-- Incident v3's fields as columns of quell_incident_versions: occurrences behind the alerts (dedup
-- repeats included), the priority in one line, the incident a merge folded this one into, and the
-- ticket references per provider. Rows stored before read 0, NULL and an empty map; rule_ids,
-- techniques, resolution_code, resolved_at and related_change_ids keep their 0002 columns and
-- now take the v3 fields when the version carries them.
ALTER TABLE {database}.quell_incident_versions ADD COLUMN IF NOT EXISTS occurrence_count UInt64 DEFAULT 0;
ALTER TABLE {database}.quell_incident_versions ADD COLUMN IF NOT EXISTS priority_reason Nullable(String);
ALTER TABLE {database}.quell_incident_versions ADD COLUMN IF NOT EXISTS merged_into Nullable(String);
ALTER TABLE {database}.quell_incident_versions ADD COLUMN IF NOT EXISTS tickets Map(String, String);
`,
};
