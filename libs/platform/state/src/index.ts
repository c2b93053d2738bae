export * from './document-store.port';
export { DocumentTooLargeError } from './document-checks';
export * from './document-updates';
export { InMemoryDocumentStore } from './in-memory-document-store';
export { RedisDocumentStore } from './redis-document-store';
export * from './state-store';
