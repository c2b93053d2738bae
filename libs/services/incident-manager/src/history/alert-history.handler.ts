import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Alert } from '@quell/contracts';
import { INCIDENT_HISTORY, type IncidentHistory } from '@quell/platform-incident-history';
import { ConsumeBatch, EVENT_BUS, type EventBus, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import type { IncidentManagerConfig } from '../config';
import { coalescedInserts, fillHistoryFetches } from './history-batching';
import { ALERT_HISTORY_GROUP, HISTORY_CLOCK } from './history-groups';
import { duringHistoryOutage } from './history-outage';
import { RecentlyStoredAlerts } from './recently-stored-alerts';

/**
 * Stores every alert the incident manager receives (suppression and dedup fields included) in
 * ClickHouse, one insert per batch, in a group of its own so that history can lag or be replayed
 * without holding back grouping. A repeat the deduper folded is a new state of the same alert id;
 * the same state stored twice (a redelivered batch) collapses in the replacing table. Offsets are
 * committed after the insert; then the OCSF publisher is told what was stored (RecentlyStoredAlerts).
 * Fetches fill for INCIDENT_HISTORY_BATCH_MAX_WAIT_MS, and partitions handled together share one
 * insert (see history-batching).
 */
@Controller()
export class AlertHistoryHandler {
  private readonly inserts = coalescedInserts<Alert>((alerts) => this.history.recordAlerts(alerts, this.clock()));

  constructor(
    @Inject(INCIDENT_HISTORY) private readonly history: IncidentHistory,
    @Inject(HISTORY_CLOCK) private readonly clock: () => number,
    private readonly stored: RecentlyStoredAlerts,
    @Inject(SERVICE_CONFIG) config: IncidentManagerConfig,
    @Inject(EVENT_BUS) bus: EventBus,
  ) {
    fillHistoryFetches(bus, config, ALERT_HISTORY_GROUP);
  }

  // The grouping group dead-letters an undecodable alert; a second copy per group helps no one.
  @ConsumeBatch('alertsUnique', { group: ALERT_HISTORY_GROUP, undecodable: 'skip' })
  async handle(@Payload() records: InboundRecord<Alert>[]): Promise<OutboundRecord[]> {
    const alerts = records.map((record) => record.value);
    await duringHistoryOutage(`store ${alerts.length} alerts`, () => this.inserts.add(alerts));
    this.stored.remember(alerts);
    return [];
  }
}
