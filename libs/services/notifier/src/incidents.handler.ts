import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Incident } from '@quell/contracts';
import { notificationFor } from '@quell/notify';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { eachRecord } from '@quell/platform-service-kit';
import { WebhookDelivery } from './webhook-delivery';

/**
 * Delivers each new incident once (see WebhookDelivery). A record is done, and committed, once its
 * notification is delivered, its retry durably scheduled, or it is dead-lettered: a slow or failing
 * receiver never holds the records behind it.
 */
@Controller()
export class IncidentsHandler {
  constructor(private readonly delivery: WebhookDelivery) {}

  @ConsumeBatch('incidents')
  async handle(@Payload() records: InboundRecord<Incident>[]): Promise<OutboundRecord[]> {
    await eachRecord(records, async (record) => {
      const event = notificationFor(record.value);
      if (event) await this.delivery.deliver(record, event);
    });
    return [];
  }
}
