import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { AvroCodec, Topics } from '@quell/contracts';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CODEC, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import type { IngestConfig } from './config';
import { shipperTopics } from './kafka/shipper-topics';
import { rawEventFromShipper, type ShipperTopic } from './raw-event.factory';
import { rawKeyOfEvent } from './raw-record-key';

/** Wraps a batch of shipper records into RawEvents on the raw topic, keyed as raw-record-key says. */
export function wrapShipperRecords(records: InboundRecord<Buffer>[], topic: ShipperTopic, codec: AvroCodec, rawTopic: string): OutboundRecord[] {
  const now = Date.now();
  return records.map((record) => {
    const raw = rawEventFromShipper(record, topic, now);
    return { topic: rawTopic, key: record.key ?? rawKeyOfEvent(raw), value: codec.encodable('RawEvent', raw) };
  });
}

/** Wraps whatever shippers publish on the ingest role topic into RawEvents on the raw topic. */
@Controller()
export class ShipperRecordsHandler {
  private readonly topic: ShipperTopic;

  constructor(
    @Inject(SERVICE_CONFIG) config: IngestConfig,
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
  ) {
    this.topic = shipperTopics(config.INGEST_KAFKA_TOPICS, topics.ingest, config.INGEST_DEFAULT_TENANT).role;
  }

  @ConsumeBatch('ingest')
  async handle(@Payload() records: InboundRecord<Buffer>[]): Promise<OutboundRecord[]> {
    return wrapShipperRecords(records, this.topic, this.codec, this.topics.raw);
  }
}
