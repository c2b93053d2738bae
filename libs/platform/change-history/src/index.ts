export { CHANGE_HISTORY, type ChangeHistory } from './change-history.port';
export { ChangeHistoryRepository, CHANGE_VERSIONS_TABLE } from './change-history.repository';
export { CHANGE_HISTORY_MIGRATIONS } from './change-history.migrations';
