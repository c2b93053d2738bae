import { checkDeleteVersion, checkIndexName, checkLimit, checkRef, prepareWrite, type PreparedWrite } from './document-checks';
import { SupersedingQueue } from './superseding-queue';
import {
  DEFAULT_MAX_DOCUMENT_BYTES,
  DEFAULT_MAX_INDEX_MEMBERS,
  IndexCapacityError,
  StaleVersionError,
  type DocumentRef,
  type DocumentStore,
  type DocumentStoreLimits,
  type DocumentWrite,
  type ListedDocument,
  type PutOptions,
  type PutOutcome,
  type StoredDocument,
} from './document-store.port';

interface Entry {
  /** Kept as JSON, so a caller mutating what it read or wrote never changes the store (as with Redis). */
  json: string;
  version: number;
  expiresAt: number;
  terms: [string, string][];
}

/** A document as one write left it, in the expiry queue; the next write of its key supersedes it. */
interface Expiry {
  id: string;
  entry: Entry;
}

/**
 * The same semantics as RedisDocumentStore in one process, for a process that keeps no state
 * between runs (unit tests, a service started alone without Redis; the all-in-one keeps its
 * documents in SqliteDocumentStore). Each call runs synchronously up to its result, so every write is atomic
 * for any reader. `now` is the store's clock, which expiry follows as Redis's clock does.
 */
export class InMemoryDocumentStore implements DocumentStore {
  private readonly documents = new Map<string, Entry>();
  /** Index term id → the keys of the live documents listed under it. */
  private readonly indexes = new Map<string, Set<string>>();
  /**
   * The documents, soonest expiry first: each call first drops those whose time has come, so it
   * costs the expired ones only, however many live (30 days of incidents, deliveries).
   */
  private readonly expiries = new SupersedingQueue<Expiry>(
    (expiry) => expiry.entry.expiresAt,
    (expiry) => this.documents.get(expiry.id) === expiry.entry,
    () => [...this.documents].map(([id, entry]) => ({ id, entry })),
    () => this.documents.size,
  );
  private readonly maxIndexMembers: number;
  private readonly maxDocumentBytes: number;

  constructor(
    private readonly now: () => number = Date.now,
    limits: DocumentStoreLimits = {},
  ) {
    this.maxIndexMembers = limits.maxIndexMembers ?? DEFAULT_MAX_INDEX_MEMBERS;
    this.maxDocumentBytes = limits.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  }

  async get<T>(ref: DocumentRef): Promise<StoredDocument<T> | null> {
    checkRef(ref);
    return this.read<T>(ref);
  }

  async getMany<T>(refs: readonly DocumentRef[]): Promise<(StoredDocument<T> | null)[]> {
    refs.forEach(checkRef);
    return refs.map((ref) => this.read<T>(ref));
  }

  async put<T>(ref: DocumentRef, value: T, options: PutOptions): Promise<number> {
    const outcome = this.apply(prepareWrite({ ref, value, options }, this.maxDocumentBytes));
    if (!outcome.ok) throw outcome.error;
    return outcome.version;
  }

  async putMany(writes: readonly DocumentWrite[]): Promise<PutOutcome[]> {
    const prepared = writes.map((write) => prepareWrite(write, this.maxDocumentBytes));
    return prepared.map((write) => this.apply(write));
  }

  async delete(ref: DocumentRef, options: { ifVersion?: number } = {}): Promise<boolean> {
    checkRef(ref);
    checkDeleteVersion(options.ifVersion);
    this.dropExpired();
    const entry = this.live(documentId(ref));
    const current = entry?.version ?? 0;
    if (options.ifVersion !== undefined && options.ifVersion !== current) throw new StaleVersionError(ref, options.ifVersion, current);
    if (!entry) return false;
    this.unlist(ref, entry.terms);
    this.documents.delete(documentId(ref));
    return true;
  }

  async listByIndex<T>(tenant: string, index: string, term: string, options: { limit: number }): Promise<ListedDocument<T>[]> {
    checkRef({ tenant, key: index });
    checkIndexName(index);
    checkLimit(options.limit);
    this.dropExpired();
    const members = this.indexes.get(termId(tenant, index, term)) ?? new Set<string>();
    const listed: ListedDocument<T>[] = [];
    for (const key of [...members].sort()) {
      if (listed.length === options.limit) break;
      const found = this.read<T>({ tenant, key });
      if (found) listed.push({ key, ...found });
    }
    return listed;
  }

  private read<T>(ref: DocumentRef): StoredDocument<T> | null {
    this.dropExpired();
    const entry = this.live(documentId(ref));
    return entry ? { value: JSON.parse(entry.json) as T, version: entry.version } : null;
  }

  private apply(write: PreparedWrite): PutOutcome {
    this.dropExpired();
    const { ref } = write;
    const id = documentId(ref);
    // An expired one not dropped yet (the clock moved since dropExpired) is replaced: its index entries go too.
    const stored = this.documents.get(id);
    const entry = this.live(id);
    const current = entry?.version ?? 0;
    if (write.ifVersion !== undefined && write.ifVersion !== current) return { ok: false, error: new StaleVersionError(ref, write.ifVersion, current) };
    for (const [index, term] of write.terms) {
      const members = this.indexes.get(termId(ref.tenant, index, term));
      if (members && !members.has(ref.key) && members.size >= this.maxIndexMembers) return { ok: false, error: new IndexCapacityError(ref, index, term, this.maxIndexMembers) };
    }
    const next: Entry = { json: write.json, version: current + 1, expiresAt: this.now() + write.ttlMs, terms: write.terms };
    if (stored) this.unlist(ref, stored.terms);
    this.list(ref, write.terms);
    this.documents.set(id, next);
    this.expiries.push({ id, entry: next });
    return { ok: true, version: next.version };
  }

  /** The document unless it expired (dropped by the next dropExpired; the clock may have moved since the last). */
  private live(id: string): Entry | undefined {
    const entry = this.documents.get(id);
    return entry && entry.expiresAt > this.now() ? entry : undefined;
  }

  private list(ref: DocumentRef, terms: [string, string][]): void {
    for (const [index, term] of terms) {
      const id = termId(ref.tenant, index, term);
      const members = this.indexes.get(id) ?? new Set<string>();
      members.add(ref.key);
      this.indexes.set(id, members);
    }
  }

  private unlist(ref: DocumentRef, terms: [string, string][]): void {
    for (const [index, term] of terms) {
      const id = termId(ref.tenant, index, term);
      const members = this.indexes.get(id);
      members?.delete(ref.key);
      if (members?.size === 0) this.indexes.delete(id);
    }
  }

  /** Forgets the documents (and their index entries) whose expiry has passed, so memory follows the live ones. */
  private dropExpired(): void {
    const now = this.now();
    const expired = (expiry: Expiry) => expiry.entry.expiresAt <= now;
    for (let next = this.expiries.popIf(expired); next !== undefined; next = this.expiries.popIf(expired)) {
      this.documents.delete(next.id);
      this.unlist(refOf(next.id), next.entry.terms);
    }
  }
}

function documentId(ref: DocumentRef): string {
  return `${ref.tenant}\u0000${ref.key}`;
}

function refOf(id: string): DocumentRef {
  const split = id.indexOf('\u0000');
  return { tenant: id.slice(0, split), key: id.slice(split + 1) };
}

function termId(tenant: string, index: string, term: string): string {
  return `${tenant}\u0000${index}\u0000${term}`;
}
