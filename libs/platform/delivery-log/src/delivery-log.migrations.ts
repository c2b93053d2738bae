import type { MigrationSet } from '@quell/platform-clickhouse';
import { DELIVERIES_0001 } from './migrations/0001-deliveries.migration';

/** The notifier's delivery log: every attempt, for operators. */
export const DELIVERY_LOG_MIGRATIONS: MigrationSet = {
  // WARNING: recorded with each applied migration; never rename.
  id: 'delivery-log',
  migrations: [DELIVERIES_0001],
};

/** WARNING: the table of DELIVERIES_0001; renaming it loses the delivery log. */
export const DELIVERIES_TABLE = 'quell_deliveries';
