export const DOCUMENT_STORE = Symbol('DOCUMENT_STORE');

/**
 * Where a document lives. The tenant scopes it: every key of one tenant shares one Redis Cluster
 * slot, so a document and its index entries change in one atomic script.
 */
export interface DocumentRef {
  tenant: string;
  key: string;
}

/** A JSON document and the version the store gave it (1 on creation, +1 on every put). */
export interface StoredDocument<T> {
  value: T;
  version: number;
}

/** Index name → the terms a document is listed under, e.g. `{ 'open-by-entity': ['host:web-1'] }`. */
export type IndexTerms = Readonly<Record<string, readonly string[]>>;

export interface PutOptions {
  /** The version the writer read: the put applies only while it is still current. 0 = must not exist; omitted = unconditional. */
  ifVersion?: number;
  /** Required: the document expires this long after the put (by the store's clock), so no document outlives its use. */
  ttlMs: number;
  /** The document's index terms after this put (they replace the previous ones; omitted = listed nowhere). */
  index?: IndexTerms;
}

export interface DocumentWrite<T = unknown> {
  ref: DocumentRef;
  value: T;
  options: PutOptions;
}

/** One write of a batch: applied (its new version) or refused with the reason; the others are unaffected. */
export type PutOutcome = { ok: true; version: number } | { ok: false; error: StaleVersionError | IndexCapacityError };

export interface ListedDocument<T> extends StoredDocument<T> {
  key: string;
}

/**
 * Versioned JSON documents shared by every replica (Redis), or held by one process (in memory).
 * Both adapters pass one contract suite (test/document-store.contract.ts).
 *
 * Bounded growth: every document has a time to live; every index term holds at most the store's
 * `maxIndexMembers` documents (a put that would exceed it is refused) and expires with its last member.
 */
export interface DocumentStore {
  get<T>(ref: DocumentRef): Promise<StoredDocument<T> | null>;
  /** One round trip per tenant in Redis; results in the order of `refs`. */
  getMany<T>(refs: readonly DocumentRef[]): Promise<(StoredDocument<T> | null)[]>;
  /** Writes the document and its index terms atomically; returns the new version. Throws StaleVersionError or IndexCapacityError (nothing written). */
  put<T>(ref: DocumentRef, value: T, options: PutOptions): Promise<number>;
  /** Each write atomic on its own, one round trip per tenant in Redis; outcomes in the order of `writes`. */
  putMany(writes: readonly DocumentWrite[]): Promise<PutOutcome[]>;
  /** Removes the document and its index entries; false when it was absent. Throws StaleVersionError when `ifVersion` is not current. */
  delete(ref: DocumentRef, options?: { ifVersion?: number }): Promise<boolean>;
  /** Live documents listed under `term` of `index`, at most `limit` (≤ MAX_LIST_LIMIT), in no particular order. */
  listByIndex<T>(tenant: string, index: string, term: string, options: { limit: number }): Promise<ListedDocument<T>[]>;
}

/** The largest `limit` of one listByIndex call: a caller wanting more holds too much in one index term. */
export const MAX_LIST_LIMIT = 1000;

export interface DocumentStoreLimits {
  /** Documents one index term may hold (default 10,000). */
  maxIndexMembers?: number;
  /** Size of one document's JSON (default 1 MiB). */
  maxDocumentBytes?: number;
}

export const DEFAULT_MAX_INDEX_MEMBERS = 10_000;
export const DEFAULT_MAX_DOCUMENT_BYTES = 1024 * 1024;

/**
 * Another writer changed the document since this one read it (two replicas racing, or one that
 * kept a partition past its session timeout). Retriable: read again and re-apply the change.
 */
export class StaleVersionError extends Error {
  readonly retriable = true;

  constructor(
    readonly ref: DocumentRef,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`document ${describeRef(ref)} is at version ${actualVersion}, not ${expectedVersion}: another writer changed it`);
    this.name = 'StaleVersionError';
  }
}

/** An index term is full: listing more documents under it would grow it without bound. Not retriable. */
export class IndexCapacityError extends Error {
  readonly retriable = false;

  constructor(
    readonly ref: DocumentRef,
    readonly index: string,
    readonly term: string,
    readonly capacity: number,
  ) {
    super(`index ${index} term "${term}" of tenant ${ref.tenant} already lists ${capacity} documents; ${ref.key} was not written`);
    this.name = 'IndexCapacityError';
  }
}

function describeRef(ref: DocumentRef): string {
  return `${ref.key} of tenant ${ref.tenant}`;
}
