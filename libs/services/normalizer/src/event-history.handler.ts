import { createHash } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Event } from '@quell/contracts';
import { CLICKHOUSE, EventHistoryRepository, type ClickHouseClient, type EventRow } from '@quell/platform-clickhouse';
import { ConsumeBatch, EVENT_BUS, KafkaEventBus, type EventBus, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import type { NormalizerConfig } from './config';

// Never rename silently: the group's committed offsets are where the history resumes.
export const HISTORY_WRITER_GROUP = 'history-writer';

const INSERT_RETRY_FIRST_MS = 200;
const INSERT_RETRY_MAX_MS = 5_000;

/**
 * The history writer: its own consumer group on the events topic, so history can lag or be
 * replayed without holding back correlation. Batches are bounded by size and time at the fetch
 * (the broker holds a fetch until HISTORY_BATCH_MIN_BYTES or HISTORY_BATCH_MAX_WAIT_MS) and by
 * count (HISTORY_BATCH_MAX_RECORDS per insert), so ClickHouse gets few large inserts. The offset
 * commits only after the insert is acknowledged; the insert's deduplication token makes a retried
 * batch land once. A failed insert is retried until it lands (see insertUntilStored).
 */
@Controller()
export class EventHistoryHandler {
  private readonly repository: EventHistoryRepository;
  private readonly maxRecords: number;

  constructor(
    @Inject(CLICKHOUSE) clickhouse: ClickHouseClient,
    @Inject(SERVICE_CONFIG) config: NormalizerConfig,
    @Inject(EVENT_BUS) bus: EventBus,
    @Inject(LOGGER) private readonly logger: Pick<Logger, 'warn'>,
  ) {
    this.repository = new EventHistoryRepository(clickhouse, config.CLICKHOUSE_DATABASE);
    this.maxRecords = config.HISTORY_BATCH_MAX_RECORDS;
    // Controllers are built before the transport starts its consumers, so this lands in time.
    // The in-process bus hands over whatever is queued and needs no fetch tuning.
    if (bus instanceof KafkaEventBus) {
      bus.configureConsumer(`${config.KAFKA_GROUP_PREFIX}.${HISTORY_WRITER_GROUP}`, {
        maxBatchRecords: config.HISTORY_BATCH_MAX_RECORDS,
        maxWaitTimeInMs: config.HISTORY_BATCH_MAX_WAIT_MS,
        minBytes: config.HISTORY_BATCH_MIN_BYTES,
      });
    }
  }

  @ConsumeBatch('events', { group: HISTORY_WRITER_GROUP })
  async handle(@Payload() records: InboundRecord<Event>[]): Promise<OutboundRecord[]> {
    // The Kafka bus already slices to the bound; the in-process bus hands over its own batch size.
    for (let start = 0; start < records.length; start += this.maxRecords) {
      const chunk = records.slice(start, start + this.maxRecords);
      // The token depends only on the events, so a redelivered chunk carries the same one.
      const token = createHash('sha256').update(chunk.map((r) => r.value.id).join(',')).digest('hex');
      await this.insertUntilStored(chunk.map((r) => EventHistoryRepository.eventToRow(r.value)), token);
    }
    return [];
  }

  /**
   * ClickHouse away (server down, table detached, disk full) is not the events' fault: failing the
   * batch would let the delivery policy dead-letter every event after its few attempts, and the
   * history would lose them (seen in the fault test: 42 of 1,500 events over a 30 s outage). Rows
   * built from decoded events are not poison, so the insert is retried until it lands, holding this
   * partition of the history writer's own group only (correlation goes on); the bus reports the
   * consumer stuck past its bound, and a shutdown meanwhile leaves the offsets uncommitted.
   */
  private async insertUntilStored(rows: EventRow[], token: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.repository.insertBatch(rows, token);
        return;
      } catch (error) {
        const delayMs = Math.min(INSERT_RETRY_MAX_MS, INSERT_RETRY_FIRST_MS * 2 ** (attempt - 1));
        this.logger.warn({ err: error, attempt, rows: rows.length, delayMs }, 'history insert failed; retrying until ClickHouse takes it');
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }
}
