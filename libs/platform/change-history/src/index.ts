export { CHANGE_HISTORY, type ChangeHistory, type SuppressedAlertPage, type SuppressedAlertPosition, type SuppressedAlertQuery } from './change-history.port';
export { SUPPRESSED_ALERTS_TABLE } from './suppressed-alerts.repository';
export { ChangeHistoryRepository, CHANGE_VERSIONS_TABLE } from './change-history.repository';
export { CHANGE_HISTORY_MIGRATIONS } from './change-history.migrations';
