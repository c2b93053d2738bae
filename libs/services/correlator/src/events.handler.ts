import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { AvroCodec, Event, Topics } from '@quell/contracts';
import { evaluateBuiltinRules } from '@quell/rules';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CODEC, eachRecord, TOPICS } from '@quell/platform-service-kit';

/** Stateless detection: each event against the loaded rules; alerts keyed by fingerprint. */
@Controller()
export class EventsHandler {
  constructor(
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
  ) {}

  @ConsumeBatch('events')
  async handle(@Payload() records: InboundRecord<Event>[]): Promise<OutboundRecord[]> {
    const perRecord = await eachRecord(records, ({ value: event }) =>
      evaluateBuiltinRules(event).map((alert) => ({
        topic: this.topics.alerts,
        key: alert.fingerprint,
        value: this.codec.encode('Alert', alert),
      })),
    );
    return perRecord.flat();
  }
}
