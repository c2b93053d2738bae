import { createHash } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Event } from '@quell/contracts';
import { CoalescedWrites, FETCH_PARTITIONS_AT_ONCE, FETCH_PARTITIONS_LINGER_MS } from '@quell/platform-clickhouse';
import { EVENT_HISTORY, eventToRow, type EventHistory, type EventRow } from '@quell/platform-event-history';
import {
  ConsumeBatch,
  DependencyUnavailableError,
  EVENT_BUS,
  isFetchTunable,
  type EventBus,
  type InboundRecord,
  type OutboundRecord,
} from '@quell/platform-kafka';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import type { NormalizerConfig } from './config';

// Never rename silently: the group's committed offsets are where the history resumes.
export const HISTORY_WRITER_GROUP = 'history-writer';

/**
 * The history writer: its own consumer group on the events topic, so history can lag or be
 * replayed without holding back correlation, in the normalizer's process or a deployment of its
 * own (NORMALIZER_ROLES=history). Batches are bounded by size and time at the fetch (the broker
 * holds a fetch until HISTORY_BATCH_MIN_BYTES or HISTORY_BATCH_MAX_WAIT_MS; a partition adds up to
 * HISTORY_BATCH_MAX_BYTES_PER_PARTITION) and by count (HISTORY_BATCH_MAX_RECORDS per insert), so
 * ClickHouse gets few large inserts; the partitions handled together share one. The offset commits only after the insert is acknowledged; the
 * insert's deduplication token makes a retried batch land once. A failed insert is a dependency
 * outage, never a dead letter (see insert).
 */
@Controller()
export class EventHistoryHandler {
  private readonly maxRecords: number;
  private readonly inserts: CoalescedWrites<Event>;

  constructor(
    @Inject(EVENT_HISTORY) private readonly history: EventHistory,
    @Inject(SERVICE_CONFIG) config: NormalizerConfig,
    @Inject(EVENT_BUS) bus: EventBus,
  ) {
    this.maxRecords = config.HISTORY_BATCH_MAX_RECORDS;
    // The partitions of one fetch, handled side by side (KAFKA_PARTITIONS_CONCURRENTLY), share an
    // insert: at 1,245 events/s over 3 partitions a 1 s fetch was three inserts of ~415 events
    // (~0.18 CPU s per 1,000 stored on chdb) where one of ~1,245 costs ~0.1 (tools/bench/history-insert.ts).
    this.inserts = new CoalescedWrites((events) => this.insertEvents(events), { lingerMs: FETCH_PARTITIONS_LINGER_MS, maxRows: config.HISTORY_BATCH_MAX_RECORDS });
    // Controllers are built before the transport starts its consumers, so this lands in time.
    // The in-process bus hands a partition over once it holds maxBatchRecords, or its oldest event
    // waited maxWaitTimeInMs (or a publisher waits for room), so the all-in-one inserts batches too.
    if (isFetchTunable(bus)) {
      bus.configureConsumer(`${config.KAFKA_GROUP_PREFIX}.${HISTORY_WRITER_GROUP}`, {
        maxBatchRecords: config.HISTORY_BATCH_MAX_RECORDS,
        maxWaitTimeInMs: config.HISTORY_BATCH_MAX_WAIT_MS,
        minBytes: config.HISTORY_BATCH_MIN_BYTES,
        maxBytesPerPartition: config.HISTORY_BATCH_MAX_BYTES_PER_PARTITION,
        // Room for the minimum plus one partition's share: the broker stops adding at this bound.
        maxBytes: config.HISTORY_BATCH_MIN_BYTES + config.HISTORY_BATCH_MAX_BYTES_PER_PARTITION,
        partitionsConcurrently: FETCH_PARTITIONS_AT_ONCE,
      });
    }
  }

  // The correlator's group dead-letters an undecodable event; a second copy per group helped no one.
  @ConsumeBatch('events', { group: HISTORY_WRITER_GROUP, undecodable: 'skip' })
  async handle(@Payload() records: InboundRecord<Event>[]): Promise<OutboundRecord[]> {
    // The Kafka bus already slices to the bound; the in-process bus hands over its own batch size.
    for (let start = 0; start < records.length; start += this.maxRecords) {
      await this.inserts.add(records.slice(start, start + this.maxRecords).map((r) => r.value));
    }
    return [];
  }

  /** One insert of the events of the partitions handed over together (a fetch is handled a partition at a time). */
  private async insertEvents(events: Event[]): Promise<void> {
    // The token depends only on the events, so a redelivered batch carries the same one.
    const token = createHash('sha256').update(events.map((e) => e.id).join(',')).digest('hex');
    await this.insert(events.map(eventToRow), token);
  }

  /**
   * ClickHouse away (server down, table detached, disk full) is not the events' fault: as a plain
   * error the delivery policy dead-lettered every event after its few attempts and the history lost
   * them (the fault test: 42 of 1,500 events over a 30 s table outage). Rows built from decoded
   * events are not poison, so a failed insert is a dependency outage: the policy retries the batch
   * for as long as it lasts (this partition of the history writer's own group waits, correlation
   * goes on; readiness shows the consumer stuck past its bound) and a stop leaves it uncommitted.
   */
  private async insert(rows: EventRow[], token: string): Promise<void> {
    try {
      await this.history.insertBatch(rows, token);
    } catch (error) {
      throw new DependencyUnavailableError(`ClickHouse did not take ${rows.length} history rows: ${(error as Error).message}`, { cause: error });
    }
  }

}
