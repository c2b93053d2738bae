import type { MigrationSet } from '@quell/platform-clickhouse';
import { CHANGE_HISTORY_MIGRATIONS } from '@quell/platform-change-history';
import { DEAD_LETTER_MIGRATIONS } from '@quell/platform-dead-letters';
import { DELIVERY_LOG_MIGRATIONS } from '@quell/platform-delivery-log';
import { EVENT_HISTORY_MIGRATIONS } from '@quell/platform-event-history';
import { INCIDENT_HISTORY_MIGRATIONS } from '@quell/platform-incident-history';

/**
 * Every lib's ClickHouse migrations, in the order a start applies them: a lib whose tables build
 * on another's (a view over the event history, say) comes after it. A lib that gets tables keeps
 * its migrations beside its code, exports them as a MigrationSet, and is added here.
 */
export const QUELL_MIGRATION_SETS: readonly MigrationSet[] = [EVENT_HISTORY_MIGRATIONS, CHANGE_HISTORY_MIGRATIONS, INCIDENT_HISTORY_MIGRATIONS, DELIVERY_LOG_MIGRATIONS, DEAD_LETTER_MIGRATIONS];
