import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Alert, Incident, Topics } from '@quell/contracts';
import { INCIDENT_HISTORY, INCIDENT_SEARCH, type IncidentHistory, type IncidentSearch } from '@quell/platform-incident-history';
import { ConsumeBatch, EVENT_BUS, type EventBus, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { detailedAlertIds } from '@quell/incidents';
import { SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import type { IncidentManagerConfig } from '../config';
import { alertsAtHand } from './alerts-at-hand';
import { coalescedInserts, fillHistoryFetches } from './history-batching';
import { HISTORY_CLOCK, INCIDENT_HISTORY_GROUP } from './history-groups';
import { duringHistoryOutage } from './history-outage';
import { incidentFindingBytes } from './incident-finding';
import { RecentlyStoredAlerts } from './recently-stored-alerts';

/**
 * Every incident version on the incidents topic, whoever published it (grouping or the lifecycle
 * API), stored in ClickHouse in one insert per batch and published again as OCSF Incident Finding
 * JSON on the compacted incidentsOcsf topic, keyed by incident id. Its own consumer group: offsets
 * commit after the insert and the OCSF records are acknowledged, so a crash stores and publishes the
 * batch again (the replacing table collapses the rows; the same bytes replace themselves under
 * compaction). The alerts an OCSF finding details are those the alert history stored, taken from
 * what this process stored lately or read from ClickHouse, waiting a moment for those not stored yet
 * (see alertsAtHand); one still missing is named by id only.
 * Fetches fill for INCIDENT_HISTORY_BATCH_MAX_WAIT_MS, and partitions handled together share one
 * insert (see history-batching).
 */
@Controller()
export class IncidentHistoryHandler {
  private readonly inserts = coalescedInserts<Incident>((versions) => this.history.recordIncidents(versions, this.clock()));

  constructor(
    @Inject(INCIDENT_HISTORY) private readonly history: IncidentHistory,
    @Inject(INCIDENT_SEARCH) private readonly search: IncidentSearch,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(HISTORY_CLOCK) private readonly clock: () => number,
    private readonly stored: RecentlyStoredAlerts,
    @Inject(SERVICE_CONFIG) config: IncidentManagerConfig,
    @Inject(EVENT_BUS) bus: EventBus,
  ) {
    fillHistoryFetches(bus, config, INCIDENT_HISTORY_GROUP);
  }

  // The notifier's group dead-letters an undecodable incident; a second copy per group helps no one.
  @ConsumeBatch('incidents', { group: INCIDENT_HISTORY_GROUP, undecodable: 'skip' })
  async handle(@Payload() records: InboundRecord<Incident>[]): Promise<OutboundRecord[]> {
    const versions = records.map((record) => record.value);
    await duringHistoryOutage(`store ${versions.length} incident versions`, () => this.inserts.add(versions));
    const alerts = await duringHistoryOutage('read the alerts of the incidents', () => this.alertsOf(versions));
    return versions.map((incident) => ({
      topic: this.topics.incidentsOcsf,
      key: incident.id,
      value: incidentFindingBytes(incident, detailedAlertsOf(incident, alerts.get(incident.tenant))),
      headers: { 'content-type': 'application/json' },
    }));
  }

  /** The latest stored state of the alerts the versions' findings detail, by id per tenant: one read per tenant. */
  private async alertsOf(versions: readonly Incident[]): Promise<Map<string, Map<string, Alert>>> {
    const idsByTenant = new Map<string, Set<string>>();
    for (const version of versions) {
      const ids = idsByTenant.get(version.tenant) ?? new Set<string>();
      for (const id of detailedAlertIds(version)) ids.add(id);
      idsByTenant.set(version.tenant, ids);
    }
    const alerts = new Map<string, Map<string, Alert>>();
    for (const [tenant, ids] of idsByTenant) {
      const sources = {
        recent: (wanted: readonly string[]) => this.stored.find(tenant, wanted),
        read: (wanted: readonly string[]) => this.search.alertsByIds(tenant, wanted),
        nextStore: (ms: number) => this.stored.nextStore(ms),
      };
      const found = ids.size === 0 ? [] : await alertsAtHand(ids, sources, { now: this.clock });
      alerts.set(tenant, new Map(found.map((alert) => [alert.id, alert])));
    }
    return alerts;
  }
}

/**
 * The alerts of the batch's reads that this version's finding details. Each finding gets only its
 * own: handed the tenant's whole read, every finding indexed all of it (a batch of n versions, each
 * detailing up to 100 alerts, cost n² map entries: 2.6% of the all-in-one's main thread at 10% alerts).
 */
function detailedAlertsOf(incident: Incident, byId: ReadonlyMap<string, Alert> | undefined): Alert[] {
  return detailedAlertIds(incident).flatMap((id) => byId?.get(id) ?? []);
}
