export {
  DEFAULT_DATABASE,
  createClickHouseClient,
  embeddedEngineOf,
  assertIdentifier,
  type ClickHouseClient,
  type ClickHouseOptions,
} from './clickhouse-client';
export { toDateTime64, fromDateTime64 } from './date-time64';
export { ClickHouseUnavailableError, pingClickHouse, isClickHouseReady } from './clickhouse-health';
export { MigrationRunner, splitStatements, type MigrationOptions } from './migration-runner';
export { type Migration, type MigrationSet } from './migration-set';
export { MigrationError } from './migration-error';
export { selectRows } from './select-rows';
export { CoalescedWrites, FETCH_PARTITIONS_AT_ONCE, FETCH_PARTITIONS_LINGER_MS, type CoalescedWritesOptions } from './coalesced-writes';
export { jsonLines } from './json-lines';
export { insertJsonRows, scalarSettings, type JsonRowsInsert } from './insert-json-rows';
export { NativeMemoryTrim, runsOnGlibc, DEFAULT_TRIM_MIN_GROWTH_BYTES, type NativeMemoryTrimOptions, type TrimNativeMemory } from './native-memory-trim';
