import { createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { clickHouseEngines, TestDatabases } from '@quell/platform-testing';
import { QUELL_MIGRATION_SETS } from './migration-sets';

describe.each(clickHouseEngines())('QUELL_MIGRATION_SETS on %s', (_engine, options) => {
  const client = createClickHouseClient(options());
  const databases = new TestDatabases();

  afterAll(async () => {
    for (const name of databases.names) await client.command({ query: `DROP DATABASE IF EXISTS ${name}` });
    await client.close();
  });

  const recorded = async (database: string) => {
    const result = await client.query({ query: `SELECT name, checksum FROM ${database}.quell_schema_migrations ORDER BY name`, format: 'JSONEachRow' });
    return result.json<{ name: string; checksum: string }>();
  };

  it('adds a set that came later to a database migrated before it, each under its own name, leaving the others as they were', async () => {
    const database = databases.next();
    const earlier = QUELL_MIGRATION_SETS.slice(0, -1);
    const latest = QUELL_MIGRATION_SETS[QUELL_MIGRATION_SETS.length - 1];
    await new MigrationRunner(client, { sets: earlier, database }).run();
    const before = await recorded(database);

    await new MigrationRunner(client, { sets: QUELL_MIGRATION_SETS, database }).run();
    const after = await recorded(database);
    expect(after.filter((r) => !r.name.startsWith(`${latest.id}/`))).toEqual(before);
    expect(after.filter((r) => r.name.startsWith(`${latest.id}/`)).map((r) => r.name)).toEqual(latest.migrations.map((m) => `${latest.id}/${m.name}`).sort());

    // A second start applies nothing more.
    await new MigrationRunner(client, { sets: QUELL_MIGRATION_SETS, database }).run();
    expect(await recorded(database)).toEqual(after);
  });

  it('gives every set its own id', () => {
    expect(new Set(QUELL_MIGRATION_SETS.map((s) => s.id)).size).toBe(QUELL_MIGRATION_SETS.length);
  });
});
