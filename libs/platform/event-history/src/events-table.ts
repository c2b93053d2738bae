import { assertIdentifier } from '@quell/platform-clickhouse';

// WARNING: the table name must not change silently: every deployment's history lives in it, and
// the applied migrations (src/migrations) create and alter it under this name.
export const EVENTS_TABLE = 'quell_events';

/** `<database>.quell_events`, the database checked as a plain identifier (it goes into SQL text). */
export function eventsTable(database: string): string {
  return `${assertIdentifier(database, 'database')}.${EVENTS_TABLE}`;
}
