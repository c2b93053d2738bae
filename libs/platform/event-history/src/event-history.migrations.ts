import type { MigrationSet } from '@quell/platform-clickhouse';
import { EVENTS_TABLE_0001 } from './migrations/0001-events.migration';
import { INVESTIGATION_INDEXES_0002 } from './migrations/0002-investigation-indexes.migration';
import { ECS_FIELDS_0003 } from './migrations/0003-ecs-fields.migration';

/**
 * The event history's tables (src/migrations/README.md says why they look the way they do). The
 * SQL lives in .ts modules so that any build ships it. These migrations were applied from the
 * platform's single migrations folder before there were sets, and recorded by bare file name:
 * such records count as this set's.
 */
export const EVENT_HISTORY_MIGRATIONS: MigrationSet = {
  // WARNING: recorded with each applied migration; never rename.
  id: 'event-history',
  recordedWithoutSet: true,
  migrations: [EVENTS_TABLE_0001, INVESTIGATION_INDEXES_0002, ECS_FIELDS_0003],
};
