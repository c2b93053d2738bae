export * from './document-store.port';
export { DocumentTooLargeError } from './document-checks';
export * from './document-updates';
export { InMemoryDocumentStore } from './in-memory-document-store';
export { SupersedingQueue } from './superseding-queue';
export { RedisDocumentStore } from './redis-document-store';
export { SqliteDocumentStore } from './sqlite-document-store';
export { StateFile, StateFileLockedError, stateFileHeld } from './state-file';
export * from './state-store';
