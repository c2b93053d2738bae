import type { MigrationSet } from '@quell/platform-clickhouse';
import { CHANGE_VERSIONS_0001 } from './migrations/0001-change-versions.migration';
import { SUPPRESSED_ALERTS_0002 } from './migrations/0002-suppressed-alerts.migration';
import { SUPPRESSED_ALERTS_BY_ALERT_0003 } from './migrations/0003-suppressed-alerts-by-alert.migration';

/** The change calendar's tables: every version of every change (the topic keeps only the latest), and the alerts each change suppressed or annotated. */
export const CHANGE_HISTORY_MIGRATIONS: MigrationSet = {
  // WARNING: recorded with each applied migration; never rename.
  id: 'change-history',
  migrations: [CHANGE_VERSIONS_0001, SUPPRESSED_ALERTS_0002, SUPPRESSED_ALERTS_BY_ALERT_0003],
};
