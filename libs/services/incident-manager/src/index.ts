export { incidentManagerService, IncidentManagerModule } from './incident-manager.service';
export { incidentManagerConfigSchema, type IncidentManagerConfig } from './config';
