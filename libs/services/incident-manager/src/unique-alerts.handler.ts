import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Alert, AvroCodec, Topics } from '@quell/contracts';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CODEC, TOPICS } from '@quell/platform-service-kit';
import { AlertGrouping } from './grouping/alert-grouping';

/**
 * Groups alerts into incidents and publishes each touched incident's current state on the
 * compacted incident topic. The state is saved before it is published; after a crash between
 * the two, the redelivered alert finds it saved, changes nothing, and the same version is
 * published again, so SOC tools and the notifier see one incident, never two.
 */
@Controller()
export class UniqueAlertsHandler {
  constructor(
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly grouping: AlertGrouping,
  ) {}

  @ConsumeBatch('alertsUnique')
  async handle(@Payload() records: InboundRecord<Alert>[]): Promise<OutboundRecord[]> {
    const incidents = await this.grouping.group(records.map((record) => record.value), Date.now());
    return incidents.map((incident) => ({ topic: this.topics.incidents, key: incident.id, value: this.codec.encodable('Incident', incident) }));
  }
}
