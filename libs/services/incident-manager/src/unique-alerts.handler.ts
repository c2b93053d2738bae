import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Alert, AvroCodec, Topics } from '@quell/contracts';
import { applyAlert, incidentIdFor } from '@quell/incidents';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CODEC, eachRecord, TOPICS } from '@quell/platform-service-kit';
import { IncidentRepository } from './incident.repository';

/**
 * Folds alerts into incidents and publishes each touched incident's current state on the
 * compacted incident topic. The state is saved before it is published; after a crash between
 * the two, the redelivered alert finds it saved, changes nothing, and the same version is
 * published again, so SOC tools and the notifier see one incident, never two.
 */
@Controller()
export class UniqueAlertsHandler {
  constructor(
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly incidents: IncidentRepository,
  ) {}

  @ConsumeBatch('alertsUnique')
  async handle(@Payload() records: InboundRecord<Alert>[]): Promise<OutboundRecord[]> {
    const touched = new Map<string, OutboundRecord>();
    await eachRecord(records, async ({ value: alert }) => {
      const existing = await this.incidents.get(incidentIdFor(alert));
      const { incident, changed } = applyAlert(existing, alert, Date.now());
      if (changed) await this.incidents.save(incident);
      touched.set(incident.id, { topic: this.topics.incidents, key: incident.id, value: this.codec.encodable('Incident', incident) });
    });
    return [...touched.values()];
  }
}
