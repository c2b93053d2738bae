import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Incident } from '@quell/contracts';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { eachRecord } from '@quell/platform-service-kit';
import { NotifyTransitions } from './notify-transitions.usecase';

/**
 * Routes the transitions of each incident version (NotifyTransitions). A record is done, and
 * committed, once its deliveries are stored as durable timers: a slow or failing channel never
 * holds the records behind it.
 */
@Controller()
export class IncidentsHandler {
  constructor(private readonly notify: NotifyTransitions) {}

  @ConsumeBatch('incidents')
  async handle(@Payload() records: InboundRecord<Incident>[]): Promise<OutboundRecord[]> {
    await eachRecord(records, (record) => this.notify.execute(record));
    return [];
  }
}
