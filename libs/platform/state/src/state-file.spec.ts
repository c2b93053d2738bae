import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateFile, stateFileHeld } from './state-file';

const tempPath = (label: string) => join(mkdtempSync(join(tmpdir(), `quell-state-${label}-`)), 'state.sqlite');

describe('stateFileHeld', () => {
  it('is true while a StateFile holds the file, false once it is closed or when there is no file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'quell-state-held-')), 'clickhouse.state.sqlite');
    expect(stateFileHeld(path)).toBe(false);
    const held = new StateFile(path);
    try {
      expect(stateFileHeld(path)).toBe(true);
    } finally {
      held.close();
    }
    expect(stateFileHeld(path)).toBe(false);
    // Asking took no lock: the file opens again.
    new StateFile(path).close();
  });
});

describe('StateFile.layout', () => {
  const versionOf = (file: StateFile, name: string) => (file.db.prepare('SELECT version FROM layouts WHERE name = ?').get(name) as { version: number }).version;
  const rowsOf = (file: StateFile, table: string) => file.db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all().map((row) => ({ ...row }));
  /** A closed file holding the notes tables of layout 1 with these rows; returns its path. */
  const layoutOneFile = (label: string, ddl: string, rows: string) => {
    const path = tempPath(label);
    const first = new StateFile(path);
    first.layout('notes', 1, ddl);
    first.db.exec(rows);
    first.close();
    return path;
  };

  it('creates a new file at the latest layout, and upgrades an older one step by step, keeping its rows', () => {
    const path = layoutOneFile('upgrade', 'CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;', "INSERT INTO notes VALUES ('a', 'one'), ('b', 'two')");
    const upgraded = new StateFile(path);
    upgraded.layout('notes', 3, 'CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY, body TEXT NOT NULL, seen INTEGER NOT NULL DEFAULT 0, tag TEXT);', {
      1: 'ALTER TABLE notes ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;',
      2: "ALTER TABLE notes ADD COLUMN tag TEXT; UPDATE notes SET tag = 'kept';",
    });
    expect(versionOf(upgraded, 'notes')).toBe(3);
    expect(rowsOf(upgraded, 'notes')).toEqual([
      { id: 'a', body: 'one', seen: 0, tag: 'kept' },
      { id: 'b', body: 'two', seen: 0, tag: 'kept' },
    ]);
    upgraded.close();

    const fresh = new StateFile(tempPath('fresh'));
    fresh.layout('notes', 3, 'CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY, body TEXT NOT NULL, seen INTEGER NOT NULL DEFAULT 0, tag TEXT);', { 1: 'SELECT no_such_function()' });
    expect(versionOf(fresh, 'notes')).toBe(3);
    fresh.close();
  });

  it('leaves the file as it was when an upgrade step fails or is missing', () => {
    const again = new StateFile(layoutOneFile('failed-upgrade', 'CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY) WITHOUT ROWID;', "INSERT INTO notes VALUES ('a')"));
    expect(() => again.layout('notes', 3, 'unused', { 1: 'ALTER TABLE notes ADD COLUMN seen INTEGER;' })).toThrow('no upgrade of the notes tables from layout 2 to 3');
    expect(() => again.layout('notes', 2, 'unused', { 1: 'ALTER TABLE notes ADD COLUMN seen INTEGER; INSERT INTO missing VALUES (1);' })).toThrow('no such table: missing');
    expect(versionOf(again, 'notes')).toBe(1);
    expect(rowsOf(again, 'notes')).toEqual([{ id: 'a' }]);
    expect(again.db.isTransaction).toBe(false);
    again.close();
  });
});

describe('StateFile checkpoints', () => {
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const notesFile = (label: string, checkpointAfterMs: number) => {
    const file = new StateFile(tempPath(label), checkpointAfterMs);
    file.layout('notes', 1, 'CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);');
    return { file, insert: file.db.prepare('INSERT INTO notes (body) VALUES (?)') };
  };
  /** The statements the file runs through exec from now on (BEGIN, COMMIT, checkpoints). */
  const statementsOf = (file: StateFile) => {
    const exec = file.db.exec.bind(file.db);
    const statements: string[] = [];
    jest.spyOn(file.db, 'exec').mockImplementation((sql: string) => {
      statements.push(sql);
      exec(sql);
    });
    return statements;
  };

  it('checkpoints once within checkpointAfterMs of the first commit, however many follow, and not while nothing is written', async () => {
    const { file, insert } = notesFile('checkpoint', 300);
    const statements = statementsOf(file);
    try {
      for (let turn = 0; turn < 5; turn += 1) {
        file.write(() => insert.run(`turn ${turn}`));
        await file.committed();
      }
      expect(statements.filter((sql) => sql === 'COMMIT')).toHaveLength(5);
      expect(statements).not.toContain('PRAGMA wal_checkpoint(PASSIVE)');
      await pause(600);
      expect(statements.filter((sql) => sql.startsWith('PRAGMA wal_checkpoint'))).toEqual(['PRAGMA wal_checkpoint(PASSIVE)']);
      await pause(600);
      expect(statements.filter((sql) => sql.startsWith('PRAGMA wal_checkpoint'))).toHaveLength(1);
    } finally {
      file.close();
    }
  });

  it('commits a group still open when the checkpoint comes, then checkpoints it', async () => {
    const { file, insert } = notesFile('checkpoint-open-group', 50);
    file.write(() => insert.run('first'));
    await file.committed();
    const statements = statementsOf(file);
    try {
      // A write due just before the checkpoint; the loop is held past both, so they run in one timers
      // phase, the write first, and its group (committed at setImmediate, after that phase) is open.
      setTimeout(() => file.write(() => insert.run('second')), 40);
      const held = performance.now();
      while (performance.now() - held < 80);
      await pause(100);
      expect(statements.filter((sql) => sql !== 'BEGIN')).toEqual(['COMMIT', 'PRAGMA wal_checkpoint(PASSIVE)']);
    } finally {
      file.close();
    }
  });
});
