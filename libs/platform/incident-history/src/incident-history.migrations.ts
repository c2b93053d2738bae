import type { MigrationSet } from '@quell/platform-clickhouse';
import { ALERTS_0001 } from './migrations/0001-alerts.migration';
import { INCIDENT_VERSIONS_0002 } from './migrations/0002-incident-versions.migration';
import { INCIDENT_V3_0003 } from './migrations/0003-incident-v3.migration';

/** The incident manager's history: every alert state and every incident version, for investigation. */
export const INCIDENT_HISTORY_MIGRATIONS: MigrationSet = {
  // WARNING: recorded with each applied migration; never rename.
  id: 'incident-history',
  migrations: [ALERTS_0001, INCIDENT_VERSIONS_0002, INCIDENT_V3_0003],
};
