import type { StatementSync } from 'node:sqlite';
import { checkDeleteVersion, checkIndexName, checkLimit, checkRef, indexTermId, indexTermOf, prepareWrite, type PreparedWrite } from './document-checks';
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
import type { StateFile } from './state-file';
import { TermEntryCounts } from './term-entry-counts';

/**
 * A rowid table since layout 2. Layout 1 was WITHOUT ROWID, which keeps each row, JSON and all (an
 * incident is 2-3 KB), inside the key's B-tree, so inserting new keys split and spilled its pages:
 * a transaction of 8 upserts of the all-in-one's sizes cost 460-490 µs there against 210-260 µs in a
 * rowid table, whose key index holds only the keys (20,000 transactions over 200,000 keys).
 * `terms` is the JSON of the document's `[index, term]` pairs: what a rewrite or an expiry unlists.
 */
const DOCUMENTS_TABLE = `
  CREATE TABLE IF NOT EXISTS documents (
    tenant TEXT NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL, version INTEGER NOT NULL,
    expires_at INTEGER NOT NULL, terms TEXT NOT NULL, PRIMARY KEY (tenant, key)
  );
  CREATE INDEX IF NOT EXISTS documents_by_expiry ON documents (expires_at);`;

/** Layout 3: the index terms in a table of their own, which listByIndex reads in key order. */
const TERMS_TABLE = `
  CREATE TABLE IF NOT EXISTS document_terms (
    tenant TEXT NOT NULL, idx TEXT NOT NULL, term TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (tenant, idx, term, key)
  ) WITHOUT ROWID;`;

const FROM_LAYOUT_1 = `
  DROP INDEX documents_by_expiry;
  ALTER TABLE documents RENAME TO documents_layout_1;
  ${DOCUMENTS_TABLE}
  INSERT INTO documents (tenant, key, json, version, expires_at, terms)
    SELECT tenant, key, json, version, expires_at, terms FROM documents_layout_1;
  DROP TABLE documents_layout_1;`;

// Layout 2 was a journal of documents held in memory; its terms column lists each document's terms.
const FROM_LAYOUT_2 = `
  ${TERMS_TABLE}
  INSERT OR IGNORE INTO document_terms (tenant, idx, term, key)
    SELECT documents.tenant, pair.value ->> 0, pair.value ->> 1, documents.key FROM documents, json_each(documents.terms) AS pair;`;

// Expired documents one call removes at most: after a long stop, the backlog is spread over calls.
const SWEEP_BATCH = 1000;

interface StoredRow {
  version: number;
  expires_at: number;
  terms: string;
}

/**
 * The documents of a process without Redis (the all-in-one), kept in tables of its state file, so
 * memory holds what SQLite caches rather than every live document: incidents, deliveries and their
 * markers live 30 days by default, and an in-memory store grew with all of them (200,000 documents
 * of 2.5 KB: 608 MB of heap, loaded in 3-4 s at start; per call: tools/bench/state-stores.ts).
 *
 * Same semantics as RedisDocumentStore: each call runs synchronously up to its result, so every
 * write is atomic for any reader, and a write is readable at once; its promise settles once the
 * turn's group transaction is committed (see StateFile), which makes a put survive the process being
 * killed. `now` is the store's clock, which expiry follows (wall time, so an expiry means the same
 * after a restart).
 */
export class SqliteDocumentStore implements DocumentStore {
  private readonly selectDocument: StatementSync;
  private readonly selectStored: StatementSync;
  private readonly upsert: StatementSync;
  private readonly remove: StatementSync;
  private readonly insertTerm: StatementSync;
  private readonly removeTerm: StatementSync;
  private readonly countLiveTerm: StatementSync;
  private readonly selectListed: StatementSync;
  private readonly selectExpired: StatementSync;
  private readonly selectNextExpiry: StatementSync;
  private readonly savepoint: { open: StatementSync; release: StatementSync; rollback: StatementSync };
  private readonly maxIndexMembers: number;
  private readonly maxDocumentBytes: number;
  /** The earliest expiry in the file: a call sweeps only once it has come, so it costs nothing before. */
  private nextExpiry: number;
  private readonly termCounts: TermEntryCounts;
  /** The file's rolled-back groups when the term counts were last known right. */
  private rolledBackGroupsSeen: number;

  constructor(
    private readonly file: StateFile,
    limits: DocumentStoreLimits = {},
    private readonly now: () => number = Date.now,
  ) {
    file.layout('documents', 3, `${DOCUMENTS_TABLE}${TERMS_TABLE}`, { 1: FROM_LAYOUT_1, 2: FROM_LAYOUT_2 });
    this.maxIndexMembers = limits.maxIndexMembers ?? DEFAULT_MAX_INDEX_MEMBERS;
    this.maxDocumentBytes = limits.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
    const { db } = file;
    this.selectDocument = db.prepare('SELECT json, version FROM documents WHERE tenant = ? AND key = ? AND expires_at > ?');
    this.selectStored = db.prepare('SELECT version, expires_at, terms FROM documents WHERE tenant = ? AND key = ?');
    // An upsert updates the row in place, where INSERT OR REPLACE would delete it and insert it anew.
    this.upsert = db.prepare(
      `INSERT INTO documents (tenant, key, json, version, expires_at, terms) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant, key) DO UPDATE SET json = excluded.json, version = excluded.version, expires_at = excluded.expires_at, terms = excluded.terms`,
    );
    this.remove = db.prepare('DELETE FROM documents WHERE tenant = ? AND key = ?');
    this.insertTerm = db.prepare('INSERT OR IGNORE INTO document_terms (tenant, idx, term, key) VALUES (?, ?, ?, ?)');
    this.removeTerm = db.prepare('DELETE FROM document_terms WHERE tenant = ? AND idx = ? AND term = ? AND key = ?');
    const countTerm = db.prepare('SELECT count(*) AS n FROM document_terms WHERE tenant = ? AND idx = ? AND term = ?');
    this.termCounts = new TermEntryCounts((tenant, index, term) => (countTerm.get(tenant, index, term) as { n: number }).n);
    this.rolledBackGroupsSeen = file.rolledBackGroups;
    this.countLiveTerm = db.prepare(
      `SELECT count(*) AS n FROM document_terms AS t JOIN documents AS d ON d.tenant = t.tenant AND d.key = t.key
       WHERE t.tenant = ? AND t.idx = ? AND t.term = ? AND d.expires_at > ?`,
    );
    this.selectListed = db.prepare(
      `SELECT t.key AS key, d.json AS json, d.version AS version FROM document_terms AS t JOIN documents AS d ON d.tenant = t.tenant AND d.key = t.key
       WHERE t.tenant = ? AND t.idx = ? AND t.term = ? AND d.expires_at > ? ORDER BY t.key LIMIT ?`,
    );
    this.selectExpired = db.prepare('SELECT tenant, key, terms FROM documents WHERE expires_at <= ? ORDER BY expires_at LIMIT ?');
    this.selectNextExpiry = db.prepare('SELECT min(expires_at) AS next FROM documents');
    this.savepoint = { open: db.prepare('SAVEPOINT document_change'), release: db.prepare('RELEASE document_change'), rollback: db.prepare('ROLLBACK TO document_change') };
    this.nextExpiry = this.storedNextExpiry();
  }

  async get<T>(ref: DocumentRef): Promise<StoredDocument<T> | null> {
    checkRef(ref);
    this.sweepExpired();
    return this.read<T>(ref);
  }

  async getMany<T>(refs: readonly DocumentRef[]): Promise<(StoredDocument<T> | null)[]> {
    refs.forEach(checkRef);
    this.sweepExpired();
    return refs.map((ref) => this.read<T>(ref));
  }

  async put<T>(ref: DocumentRef, value: T, options: PutOptions): Promise<number> {
    const write = prepareWrite({ ref, value, options }, this.maxDocumentBytes);
    this.sweepExpired();
    const outcome = this.file.write(() => this.apply(write));
    if (!outcome.ok) throw outcome.error;
    await this.file.committed();
    return outcome.version;
  }

  async putMany(writes: readonly DocumentWrite[]): Promise<PutOutcome[]> {
    const prepared = writes.map((write) => prepareWrite(write, this.maxDocumentBytes));
    this.sweepExpired();
    // Written in one turn, so they are committed as one unit.
    const outcomes = this.file.write(() => prepared.map((write) => this.apply(write)));
    await this.file.committed();
    return outcomes;
  }

  async delete(ref: DocumentRef, options: { ifVersion?: number } = {}): Promise<boolean> {
    checkRef(ref);
    checkDeleteVersion(options.ifVersion);
    this.sweepExpired();
    const live = this.liveStored(ref, this.now());
    const current = live?.version ?? 0;
    if (options.ifVersion !== undefined && options.ifVersion !== current) throw new StaleVersionError(ref, options.ifVersion, current);
    if (!live) return false;
    this.file.write(() => this.atomically(() => this.drop(ref, live.terms)));
    await this.file.committed();
    return true;
  }

  async listByIndex<T>(tenant: string, index: string, term: string, options: { limit: number }): Promise<ListedDocument<T>[]> {
    checkRef({ tenant, key: index });
    checkIndexName(index);
    checkLimit(options.limit);
    this.sweepExpired();
    const rows = this.selectListed.all(tenant, index, term, this.now(), options.limit) as { key: string; json: string; version: number }[];
    return rows.map((row) => ({ key: row.key, value: JSON.parse(row.json) as T, version: row.version }));
  }

  private read<T>(ref: DocumentRef): StoredDocument<T> | null {
    const row = this.selectDocument.get(ref.tenant, ref.key, this.now()) as { json: string; version: number } | undefined;
    return row ? { value: JSON.parse(row.json) as T, version: row.version } : null;
  }

  /** One write, checked against what is stored and applied whole or not at all. Runs inside the group transaction. */
  private apply(write: PreparedWrite): PutOutcome {
    const { ref } = write;
    const now = this.now();
    // An expired one not swept yet is replaced: its index entries go too.
    const stored = this.selectStored.get(ref.tenant, ref.key) as StoredRow | undefined;
    const current = stored && stored.expires_at > now ? stored.version : 0;
    if (write.ifVersion !== undefined && write.ifVersion !== current) return { ok: false, error: new StaleVersionError(ref, write.ifVersion, current) };
    // Most rewrites keep their terms (an incident stays listed under its entities): only a change is written.
    const listed = new Set((stored ? termsOf(stored.terms) : []).map(([index, term]) => indexTermId(index, term)));
    const added = write.terms.filter(([index, term]) => !listed.delete(indexTermId(index, term)));
    for (const [index, term] of added) {
      if (this.termFull(ref, index, term, now)) return { ok: false, error: new IndexCapacityError(ref, index, term, this.maxIndexMembers) };
    }
    const expiresAt = now + write.ttlMs;
    this.atomically(() => {
      for (const id of listed) this.unlistTerm(ref, ...indexTermOf(id));
      for (const [index, term] of added) this.termCounts.changed(ref.tenant, index, term, Number(this.insertTerm.run(ref.tenant, index, term, ref.key).changes));
      this.upsert.run(ref.tenant, ref.key, write.json, current + 1, expiresAt, JSON.stringify(write.terms));
    });
    this.nextExpiry = Math.min(this.nextExpiry, expiresAt);
    return { ok: true, version: current + 1 };
  }

  private liveStored(ref: DocumentRef, now: number): StoredRow | undefined {
    const stored = this.selectStored.get(ref.tenant, ref.key) as StoredRow | undefined;
    return stored && stored.expires_at > now ? stored : undefined;
  }

  /** Whether listing `ref` (not listed yet) under the term would take it past maxIndexMembers live documents. */
  private termFull(ref: DocumentRef, index: string, term: string, now: number): boolean {
    // Index entries are counted once and then kept (TermEntryCounts); only a term that reaches the limit is counted again without the expired.
    if (this.file.rolledBackGroups !== this.rolledBackGroupsSeen) {
      this.termCounts.forget();
      this.rolledBackGroupsSeen = this.file.rolledBackGroups;
    }
    if (this.termCounts.entries(ref.tenant, index, term) < this.maxIndexMembers) return false;
    const { n: live } = this.countLiveTerm.get(ref.tenant, index, term, now) as { n: number };
    return live >= this.maxIndexMembers;
  }

  /** A failed statement leaves nothing of the change behind it in the group transaction. */
  private atomically(change: () => void): void {
    const { open, release, rollback } = this.savepoint;
    open.run();
    try {
      change();
      release.run();
    } catch (error) {
      rollback.run();
      release.run();
      // The counts kept the undone entries.
      this.termCounts.forget();
      throw error;
    }
  }

  private drop(ref: DocumentRef, termsJson: string): void {
    this.unlist(ref, termsJson);
    this.remove.run(ref.tenant, ref.key);
  }

  private unlist(ref: DocumentRef, termsJson: string): void {
    for (const [index, term] of termsOf(termsJson)) this.unlistTerm(ref, index, term);
  }

  private unlistTerm(ref: DocumentRef, index: string, term: string): void {
    this.termCounts.changed(ref.tenant, index, term, -Number(this.removeTerm.run(ref.tenant, index, term, ref.key).changes));
  }

  /** Removes what has expired (at most SWEEP_BATCH a call), so the file follows the live documents. */
  private sweepExpired(): void {
    const now = this.now();
    if (now < this.nextExpiry) return;
    const expired = this.selectExpired.all(now, SWEEP_BATCH) as { tenant: string; key: string; terms: string }[];
    // Nobody awaits these deletes: a failed commit leaves them for a later sweep, and reads skip the expired meanwhile.
    this.file.write(() => {
      for (const row of expired) this.atomically(() => this.drop(row, row.terms));
    });
    this.nextExpiry = this.storedNextExpiry();
  }

  private storedNextExpiry(): number {
    const { next } = this.selectNextExpiry.get() as { next: number | null };
    return next ?? Number.POSITIVE_INFINITY;
  }
}

function termsOf(termsJson: string): [string, string][] {
  return JSON.parse(termsJson) as [string, string][];
}
