export * from './incident-grouping';
export * from './incident-timeline';
export * from './ocsf/ocsf-incident-finding';
export type * from './ocsf/ocsf-incident-finding.types';
export { OCSF_VERSION } from './ocsf/ocsf-codes';
export { incidentFindingProblems, loadIncidentFindingSchema, ocsfProblems, type IncidentFindingSchema } from './ocsf/ocsf-conformance';
export * from './priority';
export * from './timeline-actions';
export * from './lifecycle/incident-action';
