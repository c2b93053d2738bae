import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { DocumentJournal, JournalEntry } from './document-journal.port';

/** The file's layout; a file from a later layout is refused rather than misread. */
const SCHEMA_VERSION = 1;
const SQLITE_BUSY = 5;

/** Another process holds the state file: two processes each with their own copy in memory would overwrite each other. */
export class StateFileLockedError extends Error {
  constructor(readonly path: string) {
    super(`state file ${path} is held by another process (one process per data directory)`);
    this.name = 'StateFileLockedError';
  }
}

/**
 * A DocumentJournal in one SQLite file (Node's built-in node:sqlite), held exclusively by this
 * process for as long as it is open. WAL with synchronous=NORMAL: a commit survives the process
 * being killed; after a power loss the last moments may be lost, as with Redis's default fsync.
 */
export class SqliteDocumentJournal implements DocumentJournal {
  private readonly db: DatabaseSync;
  private readonly upsert: StatementSync;
  private readonly remove: StatementSync;
  private readonly dropExpired: StatementSync;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    try {
      // Exclusive before WAL: the lock is taken by the first write below and kept until close.
      this.db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
      this.migrate();
    } catch (error) {
      this.db.close();
      if ((error as { errcode?: number }).errcode === SQLITE_BUSY) throw new StateFileLockedError(path);
      throw error;
    }
    this.upsert = this.db.prepare('INSERT OR REPLACE INTO documents (tenant, key, json, version, expires_at, terms) VALUES (?, ?, ?, ?, ?, ?)');
    this.remove = this.db.prepare('DELETE FROM documents WHERE tenant = ? AND key = ?');
    this.dropExpired = this.db.prepare('DELETE FROM documents WHERE expires_at <= ?');
  }

  load(now: number): JournalEntry[] {
    const rows = this.db.prepare('SELECT tenant, key, json, version, expires_at, terms FROM documents WHERE expires_at > ?').all(now) as unknown as Row[];
    return rows.map((row) => ({ tenant: row.tenant, key: row.key, json: row.json, version: row.version, expiresAt: row.expires_at, terms: JSON.parse(row.terms) as [string, string][] }));
  }

  saved(entry: JournalEntry): void {
    this.upsert.run(entry.tenant, entry.key, entry.json, entry.version, entry.expiresAt, JSON.stringify(entry.terms));
  }

  removed(tenant: string, key: string): void {
    this.remove.run(tenant, key);
  }

  expired(now: number): void {
    this.dropExpired.run(now);
  }

  batch<T>(work: () => T): T {
    if (this.db.isTransaction) return work();
    this.db.exec('BEGIN');
    try {
      return work();
    } finally {
      // Committed even when work threw: what it changed in memory before that is kept in the file too.
      this.db.exec('COMMIT');
    }
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private migrate(): void {
    const { user_version: version } = this.db.prepare('PRAGMA user_version').get() as { user_version: number };
    if (version > SCHEMA_VERSION) throw new Error(`state file ${this.path} has layout ${version}, newer than this Quell reads (${SCHEMA_VERSION})`);
    // WARNING: durable state; a change of this layout needs a new SCHEMA_VERSION and a migration.
    this.db.exec(`
      BEGIN IMMEDIATE;
      CREATE TABLE IF NOT EXISTS documents (
        tenant TEXT NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL, version INTEGER NOT NULL,
        expires_at INTEGER NOT NULL, terms TEXT NOT NULL, PRIMARY KEY (tenant, key)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS documents_by_expiry ON documents (expires_at);
      PRAGMA user_version = ${SCHEMA_VERSION};
      COMMIT;`);
  }
}

interface Row {
  tenant: string;
  key: string;
  json: string;
  version: number;
  expires_at: number;
  terms: string;
}
