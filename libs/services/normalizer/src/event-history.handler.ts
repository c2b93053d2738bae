import { createHash } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Event } from '@quell/contracts';
import { CLICKHOUSE, EventHistoryRepository, type ClickHouseClient } from '@quell/platform-clickhouse';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import type { NormalizerConfig } from './config';

/**
 * The history writer: its own consumer group on the events topic, so history can lag or be
 * replayed without holding back correlation. The offset commits only after the insert is
 * acknowledged; the insert's deduplication token makes a retried batch land once.
 */
@Controller()
export class EventHistoryHandler {
  private readonly repository: EventHistoryRepository;

  constructor(@Inject(CLICKHOUSE) clickhouse: ClickHouseClient, @Inject(SERVICE_CONFIG) config: NormalizerConfig) {
    this.repository = new EventHistoryRepository(clickhouse, config.CLICKHOUSE_DATABASE);
  }

  @ConsumeBatch('events', { group: 'history-writer' })
  async handle(@Payload() records: InboundRecord<Event>[]): Promise<OutboundRecord[]> {
    const ids = records.map((r) => r.value.id);
    const token = createHash('sha256').update(ids.join(',')).digest('hex');
    await this.repository.insertBatch(records.map((r) => EventHistoryRepository.eventToRow(r.value)), token);
    return [];
  }
}
