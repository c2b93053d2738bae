import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { AvroCodec, RawEvent, Topics } from '@quell/contracts';
import { normalizeRecord } from '@quell/normalize';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CODEC, eachRecord, TOPICS } from '@quell/platform-service-kit';
import { AssetEnrichmentService } from './assets/asset-enrichment.service';

/** RawEvent → normalized Event (enriched from the asset inventory), keyed by host so that one host's events stay in order. */
@Controller()
export class RawEventsHandler {
  constructor(
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(AssetEnrichmentService) private readonly assets: AssetEnrichmentService,
  ) {}

  @ConsumeBatch('raw')
  async handle(@Payload() records: InboundRecord<RawEvent>[]): Promise<OutboundRecord[]> {
    const now = Date.now();
    return eachRecord(records, ({ value: raw }) => {
      // A NormalizeError is permanent: the delivery policy dead-letters this record alone.
      const event = this.assets.enrich(normalizeRecord(raw, now));
      return { topic: this.topics.events, key: event.host?.name ?? event.tenant, value: this.codec.encodable('Event', event) };
    });
  }
}
