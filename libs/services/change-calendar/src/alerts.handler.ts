import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Alert, AvroCodec, Topics } from '@quell/contracts';
import { screenAlertVerdict, type RelatedChangeOptions } from '@quell/calendar';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CODEC, eachRecord, TOPICS } from '@quell/platform-service-kit';
import { ChangeCalendar } from './change-calendar';
import { withRelatedChanges } from './related/related-change-details';

/** How far back, and how many, related changes an unsuppressed alert lists (CHANGE_RELATED_*). */
export const RELATED_CHANGES = Symbol('RELATED_CHANGES');

/**
 * Every alert passes through, marked suppressed when an approved change covers it; none is dropped.
 * One no change covers carries the changes that touched its entities shortly before (context only).
 */
@Controller()
export class AlertsHandler {
  constructor(
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly calendar: ChangeCalendar,
    @Inject(RELATED_CHANGES) private readonly related: RelatedChangeOptions,
  ) {}

  @ConsumeBatch('alerts')
  async handle(@Payload() records: InboundRecord<Alert>[]): Promise<OutboundRecord[]> {
    this.calendar.advance();
    return eachRecord(records, ({ value }) => {
      // The index answers per entity, not by scanning every change.
      const verdict = screenAlertVerdict(value, this.calendar.index, { related: this.related });
      const alert = withRelatedChanges(verdict.alert, verdict.related);
      return { topic: this.topics.alertsScreened, key: alert.fingerprint, value: this.codec.encodable('Alert', alert) };
    });
  }
}
