export { EVENT_HISTORY, type EventHistory, type HistoryQueryParams } from './event-history.port';
export { EventHistoryRepository } from './event-history.repository';
export { EVENT_HISTORY_MIGRATIONS } from './event-history.migrations';
export { EVENTS_TABLE, eventsTable } from './events-table';
export { eventToRow, rowValues, EVENT_COLUMNS, type EventRow } from './event-row';
export { eventOfRow, type HistoryRange } from './event-history-pages';
