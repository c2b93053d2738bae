import { DatabaseSync } from 'node:sqlite';
import { tempStateFiles } from '@quell/platform-testing';
import { StaleVersionError } from './document-store.port';
import { InMemoryDocumentStore } from './in-memory-document-store';
import { SqliteDocumentJournal } from './sqlite-document-journal';
import { StateFile, StateFileLockedError } from './state-file';
import { describeDocumentStore } from './test/document-store.contract';

const files = tempStateFiles('state-journal');
afterAll(files.cleanup);
let contracts = 0;
const journalAt = (name: string) => new SqliteDocumentJournal(files.open(name));

// The journal changes nothing the store promises.
describeDocumentStore('in-memory with a SQLite journal', (limits) => {
  let now = 1_000_000;
  const store = new InMemoryDocumentStore(() => now, limits, journalAt(`contract-${(contracts += 1)}`));
  return { store, rival: store, advance: async (ms) => void (now += ms) };
});

describe('InMemoryDocumentStore with a SQLite journal, after a restart', () => {
  const DAY = 86_400_000;
  const a = { tenant: 'acme', key: 'incident:1' };
  let now = 5_000_000;
  const clock = () => now;

  it('finds its documents, versions and index terms again, and versions go on from there', async () => {
    const first = files.open('restart');
    const before = new InMemoryDocumentStore(clock, {}, new SqliteDocumentJournal(first));
    await before.put(a, { title: 'brute force' }, { ttlMs: DAY, index: { 'open-by-entity': ['host:web-1'] } });
    await before.put(a, { title: 'brute force', status: 'acknowledged' }, { ttlMs: DAY, index: { 'open-by-entity': ['host:web-1'] } });
    await before.putMany([
      { ref: { tenant: 'acme', key: 'dedup:f1' }, value: { count: 3 }, options: { ttlMs: DAY } },
      { ref: { tenant: 'globex', key: 'incident:9' }, value: 'closed', options: { ttlMs: DAY } },
    ]);
    await before.put({ tenant: 'acme', key: 'gone' }, 1, { ttlMs: DAY });
    await before.delete({ tenant: 'acme', key: 'gone' });
    first.close();

    const after = new InMemoryDocumentStore(clock, {}, journalAt('restart'));
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
    const before = new InMemoryDocumentStore(clock, {}, new SqliteDocumentJournal(first));
    await before.put({ tenant: 'acme', key: 'short' }, 1, { ttlMs: 1_000, index: { changes: ['host:web-1'] } });
    await before.put({ tenant: 'acme', key: 'long' }, 2, { ttlMs: DAY, index: { changes: ['host:web-1'] } });
    first.close();
    now += 5_000;

    const after = new InMemoryDocumentStore(clock, {}, journalAt('expiry'));
    expect(await after.get({ tenant: 'acme', key: 'short' })).toBeNull();
    expect((await after.listByIndex('acme', 'changes', 'host:web-1', { limit: 10 })).map((d) => d.key)).toEqual(['long']);
  });

  it('is held by one process at a time: a second opener is refused until the first closes', () => {
    const path = files.path('held');
    const holder = files.open('held');
    expect(() => new StateFile(path)).toThrow(StateFileLockedError);
    expect(() => new StateFile(path)).toThrow(`state file ${path} is held by another process (one process per data directory)`);
    holder.close();
    expect(journalAt('held').load(now)).toEqual([]);
  });

  it('reads a file of layout 1 (WITHOUT ROWID) after upgrading it to the rowid table of layout 2', async () => {
    const path = files.path('layout-1');
    const old = new DatabaseSync(path);
    old.exec(`CREATE TABLE layouts (name TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO layouts VALUES ('documents', 1);
      CREATE TABLE documents (
        tenant TEXT NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL, version INTEGER NOT NULL,
        expires_at INTEGER NOT NULL, terms TEXT NOT NULL, PRIMARY KEY (tenant, key)
      ) WITHOUT ROWID;
      CREATE INDEX documents_by_expiry ON documents (expires_at);`);
    old.prepare('INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)').run('acme', 'incident:7', '{"title":"kept"}', 4, now + DAY, '[["open-by-entity","host:web-1"]]');
    old.close();

    const file = files.open('layout-1');
    const store = new InMemoryDocumentStore(clock, {}, new SqliteDocumentJournal(file));
    expect(await store.listByIndex('acme', 'open-by-entity', 'host:web-1', { limit: 10 })).toEqual([{ key: 'incident:7', value: { title: 'kept' }, version: 4 }]);
    expect(await store.put({ tenant: 'acme', key: 'incident:7' }, { title: 'kept', status: 'resolved' }, { ttlMs: DAY, ifVersion: 4 })).toBe(5);
    const tables = file.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'documents%'").all() as { name: string; sql: string }[];
    expect(tables.map((table) => table.name)).toEqual(['documents']);
    expect(tables[0].sql).not.toContain('WITHOUT ROWID');
    expect(file.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents' AND sql IS NOT NULL").all().map((row) => row.name)).toEqual(['documents_by_expiry']);
  });

  it('refuses a file of a later layout rather than misread it', () => {
    const path = files.path('later');
    const later = new DatabaseSync(path);
    later.exec("CREATE TABLE layouts (name TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID; INSERT INTO layouts VALUES ('documents', 99);");
    later.close();
    expect(() => journalAt('later')).toThrow(`state file ${path} holds documents in layout 99, newer than this Quell reads (2)`);
  });
});

describe('InMemoryDocumentStore with a SQLite journal, group commit', () => {
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
    const store = new InMemoryDocumentStore(Date.now, {}, new SqliteDocumentJournal(file));
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
    const after = new InMemoryDocumentStore(Date.now, {}, journalAt('group'));
    expect(await after.get({ tenant: 'acme', key: 'incident:1' })).toEqual({ value: 'acknowledged', version: 2 });
    expect(await after.get({ tenant: 'acme', key: 'dedup:0' })).toBeNull();
    expect(await after.get({ tenant: 'acme', key: 'dedup:49' })).toEqual({ value: { i: 49 }, version: 1 });
  });

  it('commits what is pending when the file closes before the turn ends', async () => {
    const file = files.open('close-pending');
    const store = new InMemoryDocumentStore(Date.now, {}, new SqliteDocumentJournal(file));
    const written = store.put({ tenant: 'acme', key: 'incident:2' }, 'open', { ttlMs: DAY });
    file.close();
    await written;
    expect(await new InMemoryDocumentStore(Date.now, {}, journalAt('close-pending')).get({ tenant: 'acme', key: 'incident:2' })).toEqual({ value: 'open', version: 1 });
  });

  it('fails every write of a group whose commit fails', async () => {
    const file = files.open('commit-fails');
    const store = new InMemoryDocumentStore(Date.now, {}, new SqliteDocumentJournal(file));
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
