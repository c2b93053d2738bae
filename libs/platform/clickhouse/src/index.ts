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
export {
  ClickHouseModule,
  ClickHouseUnavailableError,
  CLICKHOUSE_MODULE_OPTIONS,
  type ClickHouseModuleOptions,
  type ClickHouseModuleAsyncOptions,
} from './clickhouse.module';
export { ClickHouseHealth } from './clickhouse-health';
export { MigrationRunner, splitStatements, type MigrationOptions } from './migration-runner';
export { MigrationError } from './migration-error';
export { EventHistoryRepository } from './event-history.repository';
export { eventToRow, type EventRow } from './event-row';
export { historyPages, eventOfRow, newestEventsStart, type HistoryRange } from './event-history-pages';
export { EVENTS_MIGRATIONS_DIR } from './migrations-dir';
