import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CONFIG_CHANGE_CLASS, type AvroCodec, type RawEvent, type Topics } from '@quell/contracts';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CODEC, eachRecord, TOPICS } from '@quell/platform-service-kit';
import { AssetEnrichmentService } from './assets/asset-enrichment.service';
import { eventOf } from './workers/normalize-outcomes';
import { NormalizePool } from './workers/normalize-pool';

/**
 * RawEvent → normalized Event (enriched from the asset inventory), keyed by host so that one host's
 * events stay in order. A config change is published twice, to the events topic and to the
 * config-changes topic (same key, same bytes), so the change-calendar reads a few records rather
 * than the whole events stream.
 */
@Controller()
export class RawEventsHandler {
  constructor(
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(AssetEnrichmentService) private readonly assets: AssetEnrichmentService,
    @Inject(NormalizePool) private readonly pool: NormalizePool,
  ) {}

  @ConsumeBatch('raw')
  async handle(@Payload() records: InboundRecord<RawEvent>[]): Promise<OutboundRecord[]> {
    // The whole batch at once, on a worker thread when NORMALIZER_WORKERS > 0; then record by record.
    const outcomes = await this.pool.normalize(records.map((record) => record.value), Date.now());
    const outcomeOf = new Map(records.map((record, index) => [record, outcomes[index]]));
    const outputs = await eachRecord(records, (record) => {
      const outcome = outcomeOf.get(record);
      if (!outcome) throw new Error(`no normalize outcome for offset ${record.offset}`);
      // A NormalizeError is permanent: the delivery policy dead-letters this record alone.
      const event = this.assets.enrich(eventOf(outcome));
      const output: OutboundRecord = { topic: this.topics.events, key: event.host?.name ?? event.tenant, value: this.codec.encodable('Event', event) };
      return event.className === CONFIG_CHANGE_CLASS ? [output, { ...output, topic: this.topics.configChanges }] : [output];
    });
    return outputs.flat();
  }
}
