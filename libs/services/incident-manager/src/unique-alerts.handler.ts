import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Alert, AvroCodec, Topics } from '@quell/contracts';
import { applyAlerts, incidentIdFor } from '@quell/incidents';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CODEC, TOPICS } from '@quell/platform-service-kit';
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
    // Alerts of one incident are folded together, in order: one read and one write per batch.
    const byIncident = new Map<string, { tenant: string; id: string; alerts: Alert[] }>();
    for (const { value: alert } of records) {
      const id = incidentIdFor(alert);
      const group = byIncident.get(id) ?? { tenant: alert.tenant, id, alerts: [] };
      group.alerts.push(alert);
      byIncident.set(id, group);
    }
    const now = Date.now();
    const incidents = await this.incidents.update([...byIncident.values()].map((group) => ({ ...group, apply: (existing) => applyAlerts(existing, group.alerts, now) })));
    return incidents
      .filter((incident) => incident !== null)
      .map((incident) => ({ topic: this.topics.incidents, key: incident.id, value: this.codec.encodable('Incident', incident) }));
  }
}
