import type { Migration } from '@quell/platform-clickhouse';

// WARNING: applied migrations are checksummed: never edit this text, not even a comment (the
// runner refuses to start); change the schema with a new migration.
export const SUPPRESSED_ALERTS_BY_ALERT_0003: Migration = {
  version: 3,
  name: '0003_suppressed_alerts_by_alert.sql',
  sql: `-- quell_suppressed_alerts (0002) keyed rows by first_seen too, so an alert replayed with another
-- first seen was stored, and listed, twice; and it kept rows for ever. ClickHouse cannot take a
-- column out of a sorting key, so the rows move to a table of the same columns keyed by (tenant,
-- change, alert): the same alert stored again collapses at merge to the latest recorded (reads use
-- FINAL). Not partitioned: an alert's rows must share a partition to collapse. Rows expire 90 days
-- after their last recording (Quell's clock, not the source's). The copy may run twice (replicas
-- starting at once, a retry after a failure): the second copy collapses like any replay. The old
-- table stays, unread, for the rows a replica of the previous version writes during a rolling
-- deploy; the README says how to copy them and drop it.
CREATE TABLE IF NOT EXISTS {database}.quell_suppressed_alerts_v2 AS {database}.quell_suppressed_alerts
ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY (tenant, change_id, alert_id)
TTL toDateTime(recorded_at) + INTERVAL 90 DAY;
INSERT INTO {database}.quell_suppressed_alerts_v2 SELECT * FROM {database}.quell_suppressed_alerts;
`,
};
