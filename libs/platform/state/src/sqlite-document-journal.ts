import type { StatementSync } from 'node:sqlite';
import type { DocumentJournal, JournalEntry } from './document-journal.port';
import type { StateFile } from './state-file';

/**
 * Layout 2: a rowid table. Layout 1 was WITHOUT ROWID, which keeps each row, JSON and all (an
 * incident is 2-3 KB), inside the key's B-tree, so inserting new keys split and spilled its pages:
 * a transaction of 8 upserts of the all-in-one's sizes cost 460-490 µs there against 210-260 µs in a
 * rowid table, whose key index holds only the keys (20,000 transactions over 200,000 keys).
 */
const DOCUMENTS_TABLE = `
  CREATE TABLE IF NOT EXISTS documents (
    tenant TEXT NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL, version INTEGER NOT NULL,
    expires_at INTEGER NOT NULL, terms TEXT NOT NULL, PRIMARY KEY (tenant, key)
  );
  CREATE INDEX IF NOT EXISTS documents_by_expiry ON documents (expires_at);`;

const FROM_LAYOUT_1 = `
  DROP INDEX documents_by_expiry;
  ALTER TABLE documents RENAME TO documents_layout_1;
  ${DOCUMENTS_TABLE}
  INSERT INTO documents (tenant, key, json, version, expires_at, terms)
    SELECT tenant, key, json, version, expires_at, terms FROM documents_layout_1;
  DROP TABLE documents_layout_1;`;

/** A DocumentJournal in a table of the process's state file, its changes committed with the turn's others (see StateFile). */
export class SqliteDocumentJournal implements DocumentJournal {
  private readonly upsert: StatementSync;
  private readonly remove: StatementSync;
  private readonly dropExpired: StatementSync;
  private readonly selectLive: StatementSync;

  constructor(private readonly file: StateFile) {
    file.layout('documents', 2, DOCUMENTS_TABLE, { 1: FROM_LAYOUT_1 });
    this.upsert = file.db.prepare('INSERT OR REPLACE INTO documents (tenant, key, json, version, expires_at, terms) VALUES (?, ?, ?, ?, ?, ?)');
    this.remove = file.db.prepare('DELETE FROM documents WHERE tenant = ? AND key = ?');
    this.dropExpired = file.db.prepare('DELETE FROM documents WHERE expires_at <= ?');
    this.selectLive = file.db.prepare('SELECT tenant, key, json, version, expires_at, terms FROM documents WHERE expires_at > ?');
  }

  load(now: number): JournalEntry[] {
    const rows = this.selectLive.all(now) as unknown as Row[];
    return rows.map((row) => ({ tenant: row.tenant, key: row.key, json: row.json, version: row.version, expiresAt: row.expires_at, terms: JSON.parse(row.terms) as [string, string][] }));
  }

  saved(entry: JournalEntry): void {
    this.file.write(() => this.upsert.run(entry.tenant, entry.key, entry.json, entry.version, entry.expiresAt, JSON.stringify(entry.terms)));
  }

  removed(tenant: string, key: string): void {
    this.file.write(() => this.remove.run(tenant, key));
  }

  expired(now: number): void {
    this.file.write(() => this.dropExpired.run(now));
  }

  committed(): Promise<void> {
    return this.file.committed();
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
