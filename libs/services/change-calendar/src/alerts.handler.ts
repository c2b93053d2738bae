import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Alert, AvroCodec, Topics } from '@quell/contracts';
import { screenAlertVerdict } from '@quell/calendar';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CODEC, eachRecord, TOPICS } from '@quell/platform-service-kit';
import { ChangeCalendar } from './change-calendar';

/** Every alert passes through, marked suppressed when an approved change covers it; none is dropped. */
@Controller()
export class AlertsHandler {
  constructor(
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly calendar: ChangeCalendar,
  ) {}

  @ConsumeBatch('alerts')
  async handle(@Payload() records: InboundRecord<Alert>[]): Promise<OutboundRecord[]> {
    this.calendar.advance();
    return eachRecord(records, ({ value }) => {
      // The index answers per entity, not by scanning every change.
      const { alert } = screenAlertVerdict(value, this.calendar.index);
      return { topic: this.topics.alertsScreened, key: alert.fingerprint, value: this.codec.encodable('Alert', alert) };
    });
  }
}
