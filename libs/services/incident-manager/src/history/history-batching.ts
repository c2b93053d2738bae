import { CoalescedWrites, FETCH_PARTITIONS_AT_ONCE, FETCH_PARTITIONS_LINGER_MS } from '@quell/platform-clickhouse';
import { isFetchTunable, type EventBus } from '@quell/platform-kafka';
import type { IncidentManagerConfig } from '../config';

/** Most rows in one history insert. */
const MAX_ROWS_PER_INSERT = 5_000;
/** The broker answers a history group's fetch at this many bytes or when the wait ends, whichever is first. */
const FILL_BYTES = 4 * 2 ** 20;

/**
 * Lets a history group's fetches fill for INCIDENT_HISTORY_BATCH_MAX_WAIT_MS (on Kafka at the
 * broker, in the all-in-one in the in-process bus), so one insert stores what arrived meanwhile.
 * Controllers are built before the transport starts its consumers, so this lands in time.
 */
export function fillHistoryFetches(bus: EventBus, config: IncidentManagerConfig, group: string): void {
  if (!isFetchTunable(bus) || config.INCIDENT_HISTORY_BATCH_MAX_WAIT_MS === 0) return;
  bus.configureConsumer(`${config.KAFKA_GROUP_PREFIX}.${group}`, {
    maxBatchRecords: MAX_ROWS_PER_INSERT,
    maxWaitTimeInMs: config.INCIDENT_HISTORY_BATCH_MAX_WAIT_MS,
    minBytes: FILL_BYTES,
    partitionsConcurrently: FETCH_PARTITIONS_AT_ONCE,
  });
}

/** One insert for the partitions of a fetch that are handled at the same time (see CoalescedWrites). */
export function coalescedInserts<T>(insert: (rows: T[]) => Promise<void>): CoalescedWrites<T> {
  return new CoalescedWrites(insert, { lingerMs: FETCH_PARTITIONS_LINGER_MS, maxRows: MAX_ROWS_PER_INSERT });
}
