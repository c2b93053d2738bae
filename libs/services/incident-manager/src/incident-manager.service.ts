import { Module } from '@nestjs/common';
import { defineService } from '@quell/platform-service-kit';
import { incidentManagerConfigSchema } from './config';
import { IncidentRepository } from './incident.repository';
import { UniqueAlertsHandler } from './unique-alerts.handler';

@Module({ controllers: [UniqueAlertsHandler], providers: [IncidentRepository] })
export class IncidentManagerModule {}

export const incidentManagerService = defineService({
  name: 'incident-manager',
  defaultHttpPort: 8085,
  configSchema: incidentManagerConfigSchema,
  module: () => IncidentManagerModule,
  uses: { state: true },
});
