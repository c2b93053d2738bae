export { INCIDENT_HISTORY, type IncidentHistory, type SimilarIncident, type SimilarityProbe, type StoredRuleCredit } from './incident-history.port';
export { IncidentHistoryRepository } from './incident-history.repository';
export { INCIDENT_HISTORY_MIGRATIONS } from './incident-history.migrations';
export { ALERTS_TABLE, INCIDENT_VERSIONS_TABLE } from './incident-history-tables';
export { SIMILARITY_WEIGHTS, SIMILAR_RESOLVED_INCIDENTS_SQL } from './similar-incidents.query';
export { INCIDENT_SEARCH, type IncidentCursor, type IncidentDetail, type IncidentPage, type IncidentFilter, type IncidentSearch, type IncidentSummary } from './incident-search.port';
export { ClickHouseIncidentSearch } from './incident-search.query';
