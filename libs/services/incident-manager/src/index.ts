export { incidentManagerService, IncidentManagerModule } from './incident-manager.service';
export { incidentManagerConfigSchema, type IncidentManagerConfig } from './config';
export { IncidentLifecycle, LIFECYCLE_CLOCK } from './lifecycle/incident-lifecycle.service';
export { IncidentNotFound, IncidentVersionConflict } from './lifecycle/incident-lifecycle.errors';
export { IncidentChanges } from './lifecycle/incident-changes';
export type { IncidentDetail, IncidentPage } from './api/incident-reads';
