import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { AvroCodec, Topics } from '@quell/contracts';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CODEC, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import type { IngestConfig } from './config';
import { rawEventFromShipper } from './raw-event.factory';

/** Wraps whatever shippers publish on the ingest topic into RawEvents on the raw topic. */
@Controller()
export class ShipperRecordsHandler {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
  ) {}

  @ConsumeBatch('ingest')
  async handle(@Payload() records: InboundRecord<Buffer>[]): Promise<OutboundRecord[]> {
    const now = Date.now();
    return records.map((record) => {
      const raw = rawEventFromShipper(record, this.config.INGEST_DEFAULT_TENANT, now);
      return { topic: this.topics.raw, key: record.key ?? raw.tenant, value: this.codec.encode('RawEvent', raw) };
    });
  }
}
