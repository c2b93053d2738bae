import type { DocumentJournal } from './document-journal.port';
import { checkDeleteVersion, checkIndexName, checkLimit, checkRef, prepareWrite, type PreparedWrite } from './document-checks';
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

// Expired documents and index entries are dropped every this many calls, so memory follows the live ones.
const SWEEP_EVERY = 1000;

/**
 * The same semantics as RedisDocumentStore in one process (all-in-one mode, unit tests). Each
 * call runs synchronously up to its result, so every write is atomic for any reader. `now` is the
 * store's clock, which expiry follows as Redis's clock does. With a journal, the documents it holds
 * are loaded at creation and every change is written to it, so a restarted process goes on from them.
 */
export class InMemoryDocumentStore implements DocumentStore {
  private readonly documents = new Map<string, Entry>();
  /** Index term id → (document key → its expiry). */
  private readonly indexes = new Map<string, Map<string, number>>();
  private readonly maxIndexMembers: number;
  private readonly maxDocumentBytes: number;
  private calls = 0;

  constructor(
    private readonly now: () => number = Date.now,
    limits: DocumentStoreLimits = {},
    private readonly journal?: DocumentJournal,
  ) {
    this.maxIndexMembers = limits.maxIndexMembers ?? DEFAULT_MAX_INDEX_MEMBERS;
    this.maxDocumentBytes = limits.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
    for (const { tenant, key, terms, ...entry } of journal?.load(this.now()) ?? []) {
      this.documents.set(documentId({ tenant, key }), { ...entry, terms });
      this.list({ tenant, key }, terms, entry.expiresAt);
    }
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
    await this.journal?.committed();
    return outcome.version;
  }

  async putMany(writes: readonly DocumentWrite[]): Promise<PutOutcome[]> {
    const prepared = writes.map((write) => prepareWrite(write, this.maxDocumentBytes));
    // Written in one turn, so the journal commits them as one unit.
    const outcomes = prepared.map((write) => this.apply(write));
    await this.journal?.committed();
    return outcomes;
  }

  async delete(ref: DocumentRef, options: { ifVersion?: number } = {}): Promise<boolean> {
    checkRef(ref);
    checkDeleteVersion(options.ifVersion);
    const entry = this.live(documentId(ref));
    const current = entry?.version ?? 0;
    if (options.ifVersion !== undefined && options.ifVersion !== current) throw new StaleVersionError(ref, options.ifVersion, current);
    if (!entry) return false;
    this.journal?.removed(ref.tenant, ref.key);
    this.unlist(ref, entry.terms);
    this.documents.delete(documentId(ref));
    await this.journal?.committed();
    return true;
  }

  async listByIndex<T>(tenant: string, index: string, term: string, options: { limit: number }): Promise<ListedDocument<T>[]> {
    checkRef({ tenant, key: index });
    checkIndexName(index);
    checkLimit(options.limit);
    const members = this.liveMembers(termId(tenant, index, term));
    const listed: ListedDocument<T>[] = [];
    for (const key of [...members.keys()].sort()) {
      if (listed.length === options.limit) break;
      const found = this.read<T>({ tenant, key });
      if (found) listed.push({ key, ...found });
    }
    return listed;
  }

  private read<T>(ref: DocumentRef): StoredDocument<T> | null {
    this.sweepSometimes();
    const entry = this.live(documentId(ref));
    return entry ? { value: JSON.parse(entry.json) as T, version: entry.version } : null;
  }

  private apply(write: PreparedWrite): PutOutcome {
    this.sweepSometimes();
    const { ref } = write;
    const id = documentId(ref);
    const entry = this.live(id);
    const current = entry?.version ?? 0;
    if (write.ifVersion !== undefined && write.ifVersion !== current) return { ok: false, error: new StaleVersionError(ref, write.ifVersion, current) };
    for (const [index, term] of write.terms) {
      const members = this.liveMembers(termId(ref.tenant, index, term));
      if (!members.has(ref.key) && members.size >= this.maxIndexMembers) return { ok: false, error: new IndexCapacityError(ref, index, term, this.maxIndexMembers) };
    }
    const next: Entry = { json: write.json, version: current + 1, expiresAt: this.now() + write.ttlMs, terms: write.terms };
    // The journal first: when it fails, the write fails with nothing changed.
    this.journal?.saved({ tenant: ref.tenant, key: ref.key, ...next });
    if (entry) this.unlist(ref, entry.terms);
    this.list(ref, write.terms, next.expiresAt);
    this.documents.set(id, next);
    return { ok: true, version: next.version };
  }

  private live(id: string): Entry | undefined {
    const entry = this.documents.get(id);
    if (entry && entry.expiresAt <= this.now()) {
      this.documents.delete(id);
      return undefined;
    }
    return entry;
  }

  private liveMembers(id: string): Map<string, number> {
    const members = this.indexes.get(id) ?? new Map<string, number>();
    const now = this.now();
    for (const [key, expiresAt] of members) if (expiresAt <= now) members.delete(key);
    return members;
  }

  private list(ref: DocumentRef, terms: [string, string][], expiresAt: number): void {
    for (const [index, term] of terms) {
      const key = termId(ref.tenant, index, term);
      const members = this.indexes.get(key) ?? new Map<string, number>();
      members.set(ref.key, expiresAt);
      this.indexes.set(key, members);
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

  private sweepSometimes(): void {
    this.calls += 1;
    if (this.calls % SWEEP_EVERY !== 0) return;
    const now = this.now();
    this.journal?.expired(now);
    for (const [id, entry] of this.documents) if (entry.expiresAt <= now) this.documents.delete(id);
    for (const [id, members] of this.indexes) {
      for (const [key, expiresAt] of members) if (expiresAt <= now) members.delete(key);
      if (members.size === 0) this.indexes.delete(id);
    }
  }
}

function documentId(ref: DocumentRef): string {
  return `${ref.tenant}\u0000${ref.key}`;
}

function termId(tenant: string, index: string, term: string): string {
  return `${tenant}\u0000${index}\u0000${term}`;
}
