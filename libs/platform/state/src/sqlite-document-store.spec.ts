import { DatabaseSync } from 'node:sqlite';
import { tempStateFiles } from '@quell/platform-testing';
import { IndexCapacityError, StaleVersionError } from './document-store.port';
import { SqliteDocumentStore } from './sqlite-document-store';
import { StateFile, StateFileLockedError } from './state-file';
import { describeDocumentStore } from './test/document-store.contract';

const files = tempStateFiles('state-documents');
afterAll(files.cleanup);
let contracts = 0;

describeDocumentStore('SQLite', (limits) => {
  let now = 1_000_000;
  const store = new SqliteDocumentStore(files.open(`contract-${(contracts += 1)}`), limits, () => now);
  return { store, rival: store, advance: async (ms) => void (now += ms) };
});

/** A state file as an earlier Quell left it: the documents table of layout 1 (WITHOUT ROWID) or 2 (the in-memory store's journal). */
function fileOfLayout(path: string, layout: 1 | 2): DatabaseSync {
  const old = new DatabaseSync(path);
  old.exec(`CREATE TABLE layouts (name TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO layouts VALUES ('documents', ${layout});
    CREATE TABLE documents (
      tenant TEXT NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL, version INTEGER NOT NULL,
      expires_at INTEGER NOT NULL, terms TEXT NOT NULL, PRIMARY KEY (tenant, key)
    )${layout === 1 ? ' WITHOUT ROWID' : ''};
    CREATE INDEX documents_by_expiry ON documents (expires_at);`);
  return old;
}

describe('SqliteDocumentStore after a restart', () => {
  const DAY = 86_400_000;
  const a = { tenant: 'acme', key: 'incident:1' };
  let now = 5_000_000;
  const clock = () => now;

  it('finds its documents, versions and index terms again, and versions go on from there', async () => {
    const first = files.open('restart');
    const before = new SqliteDocumentStore(first, {}, clock);
    await before.put(a, { title: 'brute force' }, { ttlMs: DAY, index: { 'open-by-entity': ['host:web-1'] } });
    await before.put(a, { title: 'brute force', status: 'acknowledged' }, { ttlMs: DAY, index: { 'open-by-entity': ['host:web-1'] } });
    await before.putMany([
      { ref: { tenant: 'acme', key: 'dedup:f1' }, value: { count: 3 }, options: { ttlMs: DAY } },
      { ref: { tenant: 'globex', key: 'incident:9' }, value: 'closed', options: { ttlMs: DAY } },
    ]);
    await before.put({ tenant: 'acme', key: 'gone' }, 1, { ttlMs: DAY });
    await before.delete({ tenant: 'acme', key: 'gone' });
    first.close();

    const after = new SqliteDocumentStore(files.open('restart'), {}, clock);
    expect(await after.get(a)).toEqual({ value: { title: 'brute force', status: 'acknowledged' }, version: 2 });
    expect(await after.listByIndex('acme', 'open-by-entity', 'host:web-1', { limit: 10 })).toEqual([{ key: a.key, value: { title: 'brute force', status: 'acknowledged' }, version: 2 }]);
    expect(await after.getMany([{ tenant: 'acme', key: 'dedup:f1' }, { tenant: 'globex', key: 'incident:9' }, { tenant: 'acme', key: 'gone' }])).toEqual([
      { value: { count: 3 }, version: 1 },
      { value: 'closed', version: 1 },
      null,
    ]);
    await expect(after.put(a, 'stale writer', { ttlMs: DAY, ifVersion: 1 })).rejects.toThrow(StaleVersionError);
    expect(await after.put(a, { status: 'resolved' }, { ttlMs: DAY, ifVersion: 2 })).toBe(3);
    expect(await after.listByIndex('acme', 'open-by-entity', 'host:web-1', { limit: 10 })).toEqual([]);
  });

  it('does not bring back what expired while it was stopped', async () => {
    const first = files.open('expiry');
    const before = new SqliteDocumentStore(first, {}, clock);
    await before.put({ tenant: 'acme', key: 'short' }, 1, { ttlMs: 1_000, index: { changes: ['host:web-1'] } });
    await before.put({ tenant: 'acme', key: 'long' }, 2, { ttlMs: DAY, index: { changes: ['host:web-1'] } });
    first.close();
    now += 5_000;

    const after = new SqliteDocumentStore(files.open('expiry'), {}, clock);
    expect(await after.get({ tenant: 'acme', key: 'short' })).toBeNull();
    expect((await after.listByIndex('acme', 'changes', 'host:web-1', { limit: 10 })).map((d) => d.key)).toEqual(['long']);
  });

  it('is held by one process at a time: a second opener is refused until the first closes', () => {
    const path = files.path('held');
    const holder = files.open('held');
    expect(() => new StateFile(path)).toThrow(StateFileLockedError);
    expect(() => new StateFile(path)).toThrow(`state file ${path} is held by another process (one process per data directory)`);
    holder.close();
    expect(() => new SqliteDocumentStore(files.open('held'), {}, clock)).not.toThrow();
  });

  it('reads a file of layout 1 (WITHOUT ROWID) after upgrading it to the rowid table of layout 2 and the terms table of 3', async () => {
    const path = files.path('layout-1');
    const old = fileOfLayout(path, 1);
    old.prepare('INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)').run('acme', 'incident:7', '{"title":"kept"}', 4, now + DAY, '[["open-by-entity","host:web-1"]]');
    old.close();

    const file = files.open('layout-1');
    const store = new SqliteDocumentStore(file, {}, clock);
    expect(await store.listByIndex('acme', 'open-by-entity', 'host:web-1', { limit: 10 })).toEqual([{ key: 'incident:7', value: { title: 'kept' }, version: 4 }]);
    expect(await store.put({ tenant: 'acme', key: 'incident:7' }, { title: 'kept', status: 'resolved' }, { ttlMs: DAY, ifVersion: 4 })).toBe(5);
    const tables = file.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'documents%'").all() as { name: string; sql: string }[];
    expect(tables.map((table) => table.name)).toEqual(['documents']);
    expect(tables[0].sql).not.toContain('WITHOUT ROWID');
    expect(file.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents' AND sql IS NOT NULL").all().map((row) => row.name)).toEqual(['documents_by_expiry']);
  });

  it('reads a file of layout 2 (the in-memory store\'s journal) after listing its documents\' terms in the terms table of layout 3', async () => {
    const path = files.path('layout-2');
    const old = fileOfLayout(path, 2);
    const insert = old.prepare('INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('acme', 'incident:1', '{"title":"both"}', 3, now + DAY, '[["open-by-entity","host:web-1"],["open-by-entity","user:bob"]]');
    insert.run('acme', 'incident:2', '{"title":"one"}', 1, now + DAY, '[["open-by-entity","host:web-1"]]');
    insert.run('acme', 'dedup:f1', '{"count":2}', 2, now + DAY, '[]');
    old.close();

    const file = files.open('layout-2');
    const store = new SqliteDocumentStore(file, {}, clock);
    const keysOf = async (term: string) => (await store.listByIndex('acme', 'open-by-entity', term, { limit: 10 })).map((d) => d.key);
    expect(await keysOf('host:web-1')).toEqual(['incident:1', 'incident:2']);
    expect(await store.listByIndex('acme', 'open-by-entity', 'user:bob', { limit: 10 })).toEqual([{ key: 'incident:1', value: { title: 'both' }, version: 3 }]);
    expect(await store.get({ tenant: 'acme', key: 'dedup:f1' })).toEqual({ value: { count: 2 }, version: 2 });
    expect(await store.put({ tenant: 'acme', key: 'incident:1' }, { title: 'moved' }, { ttlMs: DAY, ifVersion: 3, index: { 'open-by-entity': ['host:db-1'] } })).toBe(4);
    expect(await keysOf('host:web-1')).toEqual(['incident:2']);
    expect(await keysOf('user:bob')).toEqual([]);
    expect(await keysOf('host:db-1')).toEqual(['incident:1']);
  });

  it('refuses a file of a later layout rather than misread it', () => {
    const path = files.path('later');
    const later = new DatabaseSync(path);
    later.exec("CREATE TABLE layouts (name TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID; INSERT INTO layouts VALUES ('documents', 99);");
    later.close();
    expect(() => new SqliteDocumentStore(files.open('later'))).toThrow(`state file ${path} holds documents in layout 99, newer than this Quell reads (3)`);
  });
});

describe('SqliteDocumentStore group commit', () => {
  const DAY = 86_400_000;
  const commitsOf = (file: StateFile) => {
    const commits: string[] = [];
    const exec = file.db.exec.bind(file.db);
    jest.spyOn(file.db, 'exec').mockImplementation((sql: string) => {
      if (sql === 'COMMIT') commits.push('COMMIT');
      exec(sql);
    });
    return commits;
  };

  it('commits the writes of one turn together, and settles each write only once it is committed', async () => {
    const file = files.open('group');
    const store = new SqliteDocumentStore(file);
    const commits = commitsOf(file);
    const order: string[] = commits;
    const writes = Array.from({ length: 50 }, (_, i) => store.put({ tenant: 'acme', key: `dedup:${i}` }, { i }, { ttlMs: DAY }).then(() => order.push(`settled ${i}`)));
    writes.push(store.putMany([{ ref: { tenant: 'acme', key: 'incident:1' }, value: 'open', options: { ttlMs: DAY } }]).then(() => order.push('settled many')));
    writes.push(store.delete({ tenant: 'acme', key: 'dedup:0' }).then(() => order.push('settled delete')));
    await Promise.all(writes);
    expect(order[0]).toBe('COMMIT');
    expect(order.filter((entry) => entry === 'COMMIT')).toHaveLength(1);
    expect(order).toHaveLength(53);

    // A write in a later turn has a commit of its own, and all of it is in the file after a restart.
    await store.put({ tenant: 'acme', key: 'incident:1' }, 'acknowledged', { ttlMs: DAY });
    expect(commits.filter((entry) => entry === 'COMMIT')).toHaveLength(2);
    file.close();
    const after = new SqliteDocumentStore(files.open('group'));
    expect(await after.get({ tenant: 'acme', key: 'incident:1' })).toEqual({ value: 'acknowledged', version: 2 });
    expect(await after.get({ tenant: 'acme', key: 'dedup:0' })).toBeNull();
    expect(await after.get({ tenant: 'acme', key: 'dedup:49' })).toEqual({ value: { i: 49 }, version: 1 });
  });

  it('commits what is pending when the file closes before the turn ends', async () => {
    const file = files.open('close-pending');
    const store = new SqliteDocumentStore(file);
    const written = store.put({ tenant: 'acme', key: 'incident:2' }, 'open', { ttlMs: DAY });
    file.close();
    await written;
    expect(await new SqliteDocumentStore(files.open('close-pending')).get({ tenant: 'acme', key: 'incident:2' })).toEqual({ value: 'open', version: 1 });
  });

  it('fails every write of a group whose commit fails', async () => {
    const file = files.open('commit-fails');
    const store = new SqliteDocumentStore(file);
    const exec = file.db.exec.bind(file.db);
    jest.spyOn(file.db, 'exec').mockImplementation((sql: string) => {
      if (sql === 'COMMIT') throw new Error('disk I/O error');
      exec(sql);
    });
    const first = store.put({ tenant: 'acme', key: 'a' }, 1, { ttlMs: DAY });
    const second = store.put({ tenant: 'acme', key: 'b' }, 2, { ttlMs: DAY });
    await expect(first).rejects.toThrow('disk I/O error');
    await expect(second).rejects.toThrow('disk I/O error');
    expect(file.db.isTransaction).toBe(false);
  });
});

describe('SqliteDocumentStore housekeeping', () => {
  const rowsOf = (file: StateFile) => ({
    documents: (file.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n,
    terms: (file.db.prepare('SELECT count(*) AS n FROM document_terms').get() as { n: number }).n,
  });

  it('removes expired documents and their index entries from the file at the first call after their expiry', async () => {
    let now = 0;
    const file = files.open('sweep');
    const store = new SqliteDocumentStore(file, {}, () => now);
    for (let i = 0; i < 600; i += 1) await store.put({ tenant: 't', key: `k${i}` }, i, { ttlMs: 100 + (i % 2) * 1000, index: { changes: [`host:${i}`] } });
    now = 500;
    await store.get({ tenant: 't', key: 'fresh' });
    await file.committed();
    expect(rowsOf(file)).toEqual({ documents: 300, terms: 300 });
    now = 2000;
    await store.listByIndex('t', 'changes', 'host:1', { limit: 1 });
    await file.committed();
    expect(rowsOf(file)).toEqual({ documents: 0, terms: 0 });
  });

  it('spreads the backlog of a long stop over calls, a thousand expired documents each', async () => {
    let now = 0;
    const first = files.open('backlog');
    const before = new SqliteDocumentStore(first, {}, () => now);
    await before.putMany(Array.from({ length: 2500 }, (_, i) => ({ ref: { tenant: 't', key: `k${i}` }, value: i, options: { ttlMs: 100, index: { changes: ['host:web-1'] } } })));
    first.close();
    now = 1_000;
    const file = files.open('backlog');
    const after = new SqliteDocumentStore(file, {}, () => now);
    expect(await after.listByIndex('t', 'changes', 'host:web-1', { limit: 10 })).toEqual([]);
    await file.committed();
    expect(rowsOf(file)).toEqual({ documents: 1500, terms: 1500 });
    await after.get({ tenant: 't', key: 'k1' });
    await after.get({ tenant: 't', key: 'k1' });
    await file.committed();
    expect(rowsOf(file)).toEqual({ documents: 0, terms: 0 });
  });

  it('applies a write whole or not at all: a statement that fails leaves none of its index entries', async () => {
    const file = files.open('atomic');
    const store = new SqliteDocumentStore(file);
    // The document's own row fails after its index entries were inserted (as a full disk would).
    file.db.exec("CREATE TRIGGER refuse_bad BEFORE INSERT ON documents WHEN NEW.key = 'bad' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");
    const index = { changes: ['host:web-1'] };
    const good = store.put({ tenant: 't', key: 'good' }, 1, { ttlMs: 60_000, index });
    await expect(store.put({ tenant: 't', key: 'bad' }, 2, { ttlMs: 60_000, index })).rejects.toThrow('refused by the test');
    expect(await good).toBe(1);
    expect((await store.listByIndex('t', 'changes', 'host:web-1', { limit: 10 })).map((d) => d.key)).toEqual(['good']);
    expect(file.db.prepare("SELECT count(*) AS n FROM document_terms WHERE key = 'bad'").get()).toEqual({ n: 0 });
  });
});

describe('SqliteDocumentStore index capacity', () => {
  const MINUTE = 60_000;
  const listed = async (store: SqliteDocumentStore) => (await store.listByIndex('t', 'open', 'user:system', { limit: 10 })).map((document) => document.key);
  const under = { open: ['user:system'] };

  it('keeps a term at maxIndexMembers across puts, re-listings, deletes and expiry', async () => {
    let now = 0;
    const file = files.open('capacity');
    const store = new SqliteDocumentStore(file, { maxIndexMembers: 3 }, () => now);
    for (const key of ['a', 'b', 'c']) await store.put({ tenant: 't', key }, key, { ttlMs: MINUTE, index: under });
    await expect(store.put({ tenant: 't', key: 'd' }, 'd', { ttlMs: MINUTE, index: under })).rejects.toBeInstanceOf(IndexCapacityError);
    // A rewrite keeping its terms takes no second place.
    await store.put({ tenant: 't', key: 'a' }, 'a2', { ttlMs: MINUTE, index: under });
    await store.delete({ tenant: 't', key: 'a' });
    await store.put({ tenant: 't', key: 'd' }, 'd', { ttlMs: MINUTE, index: under });
    // Re-listed elsewhere, b leaves the term.
    await store.put({ tenant: 't', key: 'b' }, 'b', { ttlMs: 10, index: { open: ['host:web-1'] } });
    await store.put({ tenant: 't', key: 'e' }, 'e', { ttlMs: 10, index: under });
    await expect(store.put({ tenant: 't', key: 'f' }, 'f', { ttlMs: MINUTE, index: under })).rejects.toBeInstanceOf(IndexCapacityError);
    expect(await listed(store)).toEqual(['c', 'd', 'e']);
    // e expires and is swept: its place is free again.
    now = 100;
    await store.put({ tenant: 't', key: 'f' }, 'f', { ttlMs: MINUTE, index: under });
    await expect(store.put({ tenant: 't', key: 'g' }, 'g', { ttlMs: MINUTE, index: under })).rejects.toBeInstanceOf(IndexCapacityError);
    expect(await listed(store)).toEqual(['c', 'd', 'f']);
  });

  it('counts a term again once a change that left it is rolled back', async () => {
    const file = files.open('capacity-savepoint');
    const store = new SqliteDocumentStore(file, { maxIndexMembers: 2 });
    for (const key of ['a', 'b']) await store.put({ tenant: 't', key }, key, { ttlMs: MINUTE, index: under });
    // a's rewrite takes it off the term, then its row fails: the entry is back.
    file.db.exec(`CREATE TRIGGER refuse_boom BEFORE UPDATE ON documents WHEN NEW.json = '"boom"' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;`);
    await expect(store.put({ tenant: 't', key: 'a' }, 'boom', { ttlMs: MINUTE })).rejects.toThrow('refused by the test');
    await expect(store.put({ tenant: 't', key: 'c' }, 'c', { ttlMs: MINUTE, index: under })).rejects.toBeInstanceOf(IndexCapacityError);
    expect(await listed(store)).toEqual(['a', 'b']);
  });

  it('counts a term again once a group that left it fails to commit', async () => {
    const file = files.open('capacity-group');
    const store = new SqliteDocumentStore(file, { maxIndexMembers: 2 });
    for (const key of ['a', 'b']) await store.put({ tenant: 't', key }, key, { ttlMs: MINUTE, index: under });
    const exec = file.db.exec.bind(file.db);
    const failing = jest.spyOn(file.db, 'exec').mockImplementation((sql: string) => {
      if (sql === 'COMMIT') throw new Error('disk I/O error');
      exec(sql);
    });
    await expect(store.put({ tenant: 't', key: 'a' }, 'a2', { ttlMs: MINUTE })).rejects.toThrow('disk I/O error');
    failing.mockRestore();
    await expect(store.put({ tenant: 't', key: 'c' }, 'c', { ttlMs: MINUTE, index: under })).rejects.toBeInstanceOf(IndexCapacityError);
    expect(await listed(store)).toEqual(['a', 'b']);
  });
});
