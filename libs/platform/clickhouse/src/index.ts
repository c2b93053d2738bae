export {
  CLICKHOUSE,
  createClickHouseClient,
  assertIdentifier,
  toDateTime64,
  type ClickHouseClient,
  type ClickHouseOptions,
} from './clickhouse-client';
export { MigrationRunner, splitStatements, type MigrationOptions } from './migration-runner';
export { EventHistoryRepository, type EventRow } from './event-history.repository';
export { EVENTS_MIGRATIONS_DIR } from './migrations-dir';
