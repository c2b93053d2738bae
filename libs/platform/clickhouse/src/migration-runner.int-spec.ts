import { clickHouseEngines, TestDatabases } from '@quell/platform-testing';
import { createClickHouseClient } from './clickhouse-client';
import { MigrationError } from './migration-error';
import { MigrationRunner } from './migration-runner';
import type { MigrationSet } from './migration-set';

const table = (name: string, type = 'UInt8') => `CREATE TABLE IF NOT EXISTS {database}.${name} (x ${type}) ENGINE = MergeTree ORDER BY x;`;

describe.each(clickHouseEngines())('MigrationRunner on %s', (_engine, options) => {
  const client = createClickHouseClient(options());
  const databases = new TestDatabases();
  const database = () => databases.next();
  const run = (db: string, ...sets: MigrationSet[]) => new MigrationRunner(client, { sets, database: db }).run();

  afterAll(async () => {
    for (const name of databases.names) await client.command({ query: `DROP DATABASE IF EXISTS ${name}` });
    await client.close();
  });

  async function recorded(db: string): Promise<{ version: number; name: string }[]> {
    const result = await client.query({ query: `SELECT version, name FROM ${db}.quell_schema_migrations ORDER BY name`, format: 'JSONEachRow' });
    return result.json();
  }

  async function values(db: string, name: string): Promise<number[]> {
    const rows = await client.query({ query: `SELECT x FROM ${db}.${name} ORDER BY x`, format: 'JSONEachRow' });
    return (await rows.json<{ x: number }>()).map((r) => r.x);
  }

  it('runs sets in the order given, each in version order, every statement of a migration in order, once', async () => {
    const db = database();
    const base: MigrationSet = {
      id: 'base',
      migrations: [
        { version: 10, name: '0010_later.sql', sql: 'INSERT INTO {database}.t VALUES (3);' },
        {
          version: 2,
          name: '0002_two.sql',
          sql: ['-- a comment line; with a semicolon;', table('t'), 'INSERT INTO {database}.t VALUES (1);', 'INSERT INTO {database}.t VALUES (2)'].join('\n'),
        },
      ],
    };
    // Its own version 2 as well: versions are per set.
    const builtOn: MigrationSet = { id: 'built-on', migrations: [{ version: 2, name: '0002_more.sql', sql: 'INSERT INTO {database}.t VALUES (4);' }] };

    expect(await run(db, base, builtOn)).toEqual(['base/0002_two.sql', 'base/0010_later.sql', 'built-on/0002_more.sql']);
    expect(await run(db, base, builtOn)).toEqual([]);
    expect(await values(db, 't')).toEqual([1, 2, 3, 4]);
    expect(await recorded(db)).toEqual([
      { version: 2, name: 'base/0002_two.sql' },
      { version: 10, name: 'base/0010_later.sql' },
      { version: 2, name: 'built-on/0002_more.sql' },
    ]);
  });

  it('counts a bare record (from before migration sets) as applied only for the set that owned them', async () => {
    const db = database();
    const migration = { version: 1, name: '0001_t.sql', sql: table('t') };
    expect(await run(db, { id: 'old', migrations: [migration] })).toEqual(['old/0001_t.sql']);
    await client.command({ query: `ALTER TABLE ${db}.quell_schema_migrations UPDATE name = '0001_t.sql' WHERE 1 SETTINGS mutations_sync = 1` });

    expect(await run(db, { id: 'owner', migrations: [migration], recordedWithoutSet: true })).toEqual([]);
    expect(await run(db, { id: 'other', migrations: [migration] })).toEqual(['other/0001_t.sql']);
  });

  it('refuses to run when an applied migration changed, naming it', async () => {
    const db = database();
    await run(db, { id: 's', migrations: [{ version: 1, name: '0001_t.sql', sql: table('t') }] });
    const changed: MigrationSet = {
      id: 's',
      migrations: [
        { version: 1, name: '0001_t.sql', sql: table('t', 'UInt16') },
        { version: 2, name: '0002_u.sql', sql: table('u') },
      ],
    };

    const attempt = run(db, changed);
    await expect(attempt).rejects.toThrow(/migration s\/0001_t\.sql changed after it was applied/);
    await expect(attempt).rejects.toMatchObject({ retriable: false });
    expect(await recorded(db)).toEqual([{ version: 1, name: 's/0001_t.sql' }]);
  });

  it('throws a MigrationError naming the migration when a statement fails, and records nothing for it', async () => {
    const db = database();
    const set: MigrationSet = {
      id: 's',
      migrations: [
        { version: 1, name: '0001_ok.sql', sql: table('t') },
        { version: 2, name: '0002_bad.sql', sql: `${table('u')}\nSELEC nonsense;` },
      ],
    };
    const error = await run(db, set).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/migration s\/0002_bad\.sql failed at statement 2 of 2/);
    expect(await recorded(db)).toEqual([{ version: 1, name: 's/0001_ok.sql' }]);
  });

  it('refuses two migrations of a set with one version, and two sets with one id', async () => {
    const twice = { id: 's', migrations: [{ version: 1, name: '0001_a.sql', sql: 'SELECT 1;' }, { version: 1, name: '0001_b.sql', sql: 'SELECT 2;' }] };
    await expect(run(database(), twice)).rejects.toThrow(/share version 1/);
    const one = { id: 's', migrations: [] };
    expect(() => new MigrationRunner(client, { sets: [one, one] })).toThrow(/two migration sets share the id s/);
  });

  it('rejects a database name that is not a plain identifier', () => {
    expect(() => new MigrationRunner(client, { sets: [], database: 'x; DROP TABLE y' })).toThrow(/invalid ClickHouse database/);
  });
});
