import { Module } from '@nestjs/common';
import { API_KEY_STORE, ApiKeyStore, HttpApiModule } from '@quell/platform-http';
import { defineService, SERVICE_CONFIG } from '@quell/platform-service-kit';
import { IncidentReads } from './api/incident-reads';
import { IncidentStreamController } from './api/incident-stream.controller';
import { IncidentsController } from './api/incidents.controller';
import { incidentManagerConfigSchema, type IncidentManagerConfig } from './config';
import { serveConsole } from './console/console-settings';
import { AlertGrouping } from './grouping/alert-grouping';
import { InboundController } from './inbound/inbound.controller';
import { IncidentRepository } from './incident.repository';
import { NotificationOutcomesHandler } from './notifications/notification-outcomes.handler';
import { IncidentPriorities } from './priority/incident-priorities';
import { UniqueAlertsHandler } from './unique-alerts.handler';
import { IncidentChanges } from './lifecycle/incident-changes';
import { IncidentLifecycle, LIFECYCLE_CLOCK } from './lifecycle/incident-lifecycle.service';
import { IncidentTopicTail } from './lifecycle/incident-topic-tail';
import { AlertHistoryHandler } from './history/alert-history.handler';
import { HISTORY_CLOCK } from './history/history-groups';
import { RecentlyStoredAlerts } from './history/recently-stored-alerts';
import { IncidentHistoryHandler } from './history/incident-history.handler';
import { SimilarIncidents } from './similar/similar-incidents';
import { SimilarIncidentsController } from './similar/similar-incidents.controller';
import { PipelineStatsController } from './pipeline/pipeline-stats.controller';
import { DeadLetterStoreHandler } from './dead-letters/dead-letter-store.handler';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { DeliveriesController } from './deliveries/deliveries.controller';
import { ReplayClaims } from './dead-letters/replay-claims';

@Module({
  imports: [HttpApiModule],
  // The stream's route before IncidentsController's /:id, which would otherwise take "stream" for an id.
  controllers: [UniqueAlertsHandler, AlertHistoryHandler, IncidentHistoryHandler, IncidentStreamController, IncidentsController, SimilarIncidentsController, PipelineStatsController, InboundController, NotificationOutcomesHandler, DeadLetterStoreHandler, DeadLettersController, DeliveriesController],
  providers: [
    IncidentRepository,
    AlertGrouping,
    IncidentPriorities,
    IncidentLifecycle,
    IncidentChanges,
    IncidentTopicTail,
    IncidentReads,
    SimilarIncidents,
    ReplayClaims,
    { provide: HISTORY_CLOCK, useValue: () => Date.now() },
    { provide: RecentlyStoredAlerts, useFactory: () => new RecentlyStoredAlerts() },
    { provide: LIFECYCLE_CLOCK, useValue: () => Date.now() },
    { provide: API_KEY_STORE, inject: [SERVICE_CONFIG], useFactory: (config: IncidentManagerConfig) => ApiKeyStore.fromList(config.INCIDENTS_API_KEYS) },
  ],
  exports: [IncidentLifecycle],
})
export class IncidentManagerModule {}

export const incidentManagerService = defineService({
  name: 'incident-manager',
  defaultHttpPort: 8085,
  configSchema: incidentManagerConfigSchema,
  module: () => IncidentManagerModule,
  // The web console at `/` of this port in the distributed mode (README "Running distributed").
  configureApp: (app, config) => serveConsole(app, config),
  // State: the incidents (document store). ClickHouse: the incident history (every alert state and
  // incident version, own consumer groups), which the incident API lists from and similarity reads;
  // the dead letters (own group) and the notifier's delivery log, for the API and console.
  uses: { clickhouse: true, state: true },
});
