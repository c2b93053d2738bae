import { Module } from '@nestjs/common';
import { defineService } from '@quell/platform-service-kit';
import { incidentManagerConfigSchema } from './config';
import { IncidentRepository } from './incident.repository';
import { UniqueAlertsHandler } from './unique-alerts.handler';
import { IncidentChanges } from './lifecycle/incident-changes';
import { IncidentLifecycle, LIFECYCLE_CLOCK } from './lifecycle/incident-lifecycle.service';

@Module({
  controllers: [UniqueAlertsHandler],
  providers: [IncidentRepository, IncidentLifecycle, IncidentChanges, { provide: LIFECYCLE_CLOCK, useValue: () => Date.now() }],
  exports: [IncidentLifecycle],
})
export class IncidentManagerModule {}

export const incidentManagerService = defineService({
  name: 'incident-manager',
  defaultHttpPort: 8085,
  configSchema: incidentManagerConfigSchema,
  module: () => IncidentManagerModule,
  // State: the incidents (document store). ClickHouse: the incident API lists from the incident history.
  uses: { clickhouse: true, state: true },
});
