import { StaleVersionError, type DocumentRef, type DocumentStore, type DocumentWrite, type IndexTerms, type StoredDocument } from './document-store.port';

/** What a decision writes: the new document, its time to live and index terms. */
export interface DocumentChange<T> {
  value: T;
  ttlMs: number;
  index?: IndexTerms;
}

/** The outcome of deciding on one document: a result for the caller, and the change to write (none = leave it). */
export interface Decision<T, R> {
  result: R;
  write?: DocumentChange<T>;
}

export interface DocumentUpdate<T, R> {
  ref: DocumentRef;
  /** Pure: it may run again on a fresher document when another writer got there first. */
  decide(current: StoredDocument<T> | null): Decision<T, R>;
}

/** Attempts per document before giving up with StaleVersionError (retriable: the batch is retried whole). */
export const DEFAULT_UPDATE_ATTEMPTS = 5;

/**
 * Optimistic read-modify-write of many documents: reads them in one batch, decides each, writes
 * the changes in one batch conditional on the versions read, and repeats only for the documents
 * another writer changed in between. Two round trips per batch when nobody races.
 */
export async function updateDocuments<T, R>(
  store: DocumentStore,
  updates: readonly DocumentUpdate<T, R>[],
  attempts = DEFAULT_UPDATE_ATTEMPTS,
): Promise<R[]> {
  assertDistinct(updates.map((update) => update.ref));
  const results = new Array<R>(updates.length);
  let pending = updates.map((_, at) => at);
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const current = await store.getMany<T>(pending.map((at) => updates[at].ref));
    const writes: DocumentWrite<T>[] = [];
    const writers: number[] = [];
    pending.forEach((at, i) => {
      const { result, write } = updates[at].decide(current[i]);
      results[at] = result;
      if (!write) return;
      writes.push({ ref: updates[at].ref, value: write.value, options: { ttlMs: write.ttlMs, index: write.index, ifVersion: current[i]?.version ?? 0 } });
      writers.push(at);
    });
    const outcomes = writes.length > 0 ? await store.putMany(writes) : [];
    const stale: number[] = [];
    outcomes.forEach((outcome, i) => {
      if (outcome.ok) return;
      if (!(outcome.error instanceof StaleVersionError) || attempt >= attempts) throw outcome.error;
      stale.push(writers[i]);
    });
    pending = stale;
  }
  return results;
}

/** One document's read-modify-write (see updateDocuments). */
export async function updateDocument<T, R>(store: DocumentStore, update: DocumentUpdate<T, R>, attempts = DEFAULT_UPDATE_ATTEMPTS): Promise<R> {
  const [result] = await updateDocuments(store, [update], attempts);
  return result;
}

function assertDistinct(refs: DocumentRef[]): void {
  const seen = new Set<string>();
  for (const ref of refs) {
    const id = `${ref.tenant}\u0000${ref.key}`;
    if (seen.has(id)) throw new Error(`updateDocuments got ${ref.key} of tenant ${ref.tenant} twice: fold one document's changes into one update`);
    seen.add(id);
  }
}
