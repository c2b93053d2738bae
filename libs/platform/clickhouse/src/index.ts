export {
  CLICKHOUSE,
  DEFAULT_DATABASE,
  createClickHouseClient,
  embeddedEngineOf,
  assertIdentifier,
  toDateTime64,
  type ClickHouseClient,
  type ClickHouseOptions,
} from './clickhouse-client';
export { ClickHouseUnavailableError, pingClickHouse, isClickHouseReady } from './clickhouse-health';
export { MigrationRunner, splitStatements, type MigrationOptions } from './migration-runner';
export { MigrationError } from './migration-error';
export { EventHistoryRepository } from './event-history.repository';
export { eventToRow, type EventRow } from './event-row';
export { historyPages, eventOfRow, newestEventsStart, type HistoryRange } from './event-history-pages';
export { EVENTS_MIGRATIONS_DIR } from './migrations-dir';
