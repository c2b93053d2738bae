export * from './document-store.port';
export type { DocumentJournal, JournalEntry } from './document-journal.port';
export { DocumentTooLargeError } from './document-checks';
export * from './document-updates';
export { InMemoryDocumentStore } from './in-memory-document-store';
export { RedisDocumentStore } from './redis-document-store';
export { SqliteDocumentJournal } from './sqlite-document-journal';
export { StateFile, StateFileLockedError, stateFileHeld } from './state-file';
export * from './state-store';
