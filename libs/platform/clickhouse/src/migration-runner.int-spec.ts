import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouseClient } from './clickhouse-client';
import { MigrationError } from './migration-error';
import { MigrationRunner } from './migration-runner';
import { EVENTS_MIGRATIONS_DIR } from './migrations-dir';
import { clickHouseEngines, migrationVersions, uniqueDatabase } from './test/clickhouse-engines';

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'quell-mig-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

describe.each(clickHouseEngines())('MigrationRunner on %s', (_engine, options) => {
  const client = createClickHouseClient(options());
  const databases: string[] = [];
  const database = (): string => {
    const name = uniqueDatabase();
    databases.push(name);
    return name;
  };

  afterAll(async () => {
    for (const name of databases) await client.command({ query: `DROP DATABASE IF EXISTS ${name}` });
    await client.close();
  });

  async function recorded(db: string): Promise<{ version: number; name: string }[]> {
    const result = await client.query({ query: `SELECT version, name FROM ${db}.quell_schema_migrations ORDER BY version`, format: 'JSONEachRow' });
    return result.json();
  }

  it("applies Quell's migrations once, records them, and does nothing when run again", async () => {
    const db = database();
    const runner = new MigrationRunner(client, { directory: EVENTS_MIGRATIONS_DIR, database: db });
    const versions = migrationVersions(EVENTS_MIGRATIONS_DIR);
    expect(versions[0]).toBe(1);

    expect(await runner.run()).toEqual(versions);
    expect(await runner.run()).toEqual([]);
    expect(await new MigrationRunner(client, { directory: EVENTS_MIGRATIONS_DIR, database: db }).run()).toEqual([]);

    const files = readdirSync(EVENTS_MIGRATIONS_DIR).filter((name) => name.endsWith('.sql')).sort();
    expect(await recorded(db)).toEqual(files.map((name, i) => ({ version: versions[i], name })));
    const tables = await client.query({ query: `SELECT name FROM system.tables WHERE database = {db:String}`, query_params: { db }, format: 'JSONEachRow' });
    expect((await tables.json<{ name: string }>()).map((t) => t.name).sort()).toEqual(['quell_events', 'quell_schema_migrations']);
  });

  it('runs every statement of a file, in order, and files in version order', async () => {
    const db = database();
    const dir = migrationsDir({
      '0010_later.sql': `INSERT INTO {database}.t VALUES (3);`,
      '0002_two.sql': [
        '-- a comment line; with a semicolon;',
        'CREATE TABLE IF NOT EXISTS {database}.t (x UInt8)',
        'ENGINE = MergeTree ORDER BY x;',
        'INSERT INTO {database}.t VALUES (1);',
        'INSERT INTO {database}.t VALUES (2)',
      ].join('\n'),
    });
    expect(await new MigrationRunner(client, { directory: dir, database: db }).run()).toEqual([2, 10]);
    const rows = await client.query({ query: `SELECT x FROM ${db}.t ORDER BY x`, format: 'JSONEachRow' });
    expect(await rows.json()).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
  });

  it('refuses to run when an applied file changed, naming the file', async () => {
    const db = database();
    const dir = migrationsDir({ '0001_t.sql': `CREATE TABLE IF NOT EXISTS {database}.t (x UInt8) ENGINE = MergeTree ORDER BY x;` });
    await new MigrationRunner(client, { directory: dir, database: db }).run();
    writeFileSync(join(dir, '0001_t.sql'), `CREATE TABLE IF NOT EXISTS {database}.t (x UInt16) ENGINE = MergeTree ORDER BY x;`);
    writeFileSync(join(dir, '0002_u.sql'), `CREATE TABLE IF NOT EXISTS {database}.u (x UInt8) ENGINE = MergeTree ORDER BY x;`);

    const run = new MigrationRunner(client, { directory: dir, database: db }).run();
    await expect(run).rejects.toThrow(/migration 0001_t\.sql changed after it was applied/);
    await expect(run).rejects.toMatchObject({ retriable: false });
    expect(await recorded(db)).toEqual([{ version: 1, name: '0001_t.sql' }]);
  });

  it('throws a MigrationError naming the file when a statement fails, and records nothing for it', async () => {
    const db = database();
    const dir = migrationsDir({
      '0001_ok.sql': `CREATE TABLE IF NOT EXISTS {database}.t (x UInt8) ENGINE = MergeTree ORDER BY x;`,
      '0002_bad.sql': `CREATE TABLE IF NOT EXISTS {database}.u (x UInt8) ENGINE = MergeTree ORDER BY x;\nSELEC nonsense;`,
    });
    const error = await new MigrationRunner(client, { directory: dir, database: db }).run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/migration 0002_bad\.sql failed at statement 2 of 2/);
    expect(await recorded(db)).toEqual([{ version: 1, name: '0001_ok.sql' }]);
  });

  it('refuses two files with the same version', async () => {
    const dir = migrationsDir({ '0001_a.sql': 'SELECT 1;', '0001_b.sql': 'SELECT 2;' });
    await expect(new MigrationRunner(client, { directory: dir, database: database() }).run()).rejects.toThrow(/share version 1/);
  });

  it('rejects a database name that is not a plain identifier', () => {
    expect(() => new MigrationRunner(client, { directory: EVENTS_MIGRATIONS_DIR, database: 'x; DROP TABLE y' })).toThrow(/invalid ClickHouse database/);
  });
});
