import { randomUUID } from 'node:crypto';
import { emptyEventParts, type Event } from '@quell/contracts';
import { createClickHouseClient, MigrationRunner, splitStatements, toDateTime64 } from '@quell/platform-clickhouse';
import { clickHouseEngines, TestDatabases } from '@quell/platform-testing';
import { EventHistoryRepository } from './event-history.repository';
import { EVENT_HISTORY_MIGRATIONS } from './event-history.migrations';
import { EVENTS_TABLE } from './events-table';

/**
 * What the previous layout (one platform folder, libs/platform/clickhouse/migrations) recorded: the
 * bare file name and the SHA-256 of the file as deployed databases hold it (`sha256sum` of each).
 */
const PREVIOUS_LAYOUT_RECORDS = [
  { version: 1, name: '0001_events.sql', checksum: 'b72b3a6c078b4ad8e8149736bd8cb0f027356110e9a70655089284855a47b4bc' },
  { version: 2, name: '0002_investigation_indexes.sql', checksum: '62af4d97488d31dfbfc52a515a45a438d21bddf5ba99e5b975b88d0623304fad' },
  { version: 3, name: '0003_ecs_fields.sql', checksum: '4f392c5c48d190aa308e2e323648503b1093e6bfe4dfd0209c42c4beaa4adfe6' },
];

describe.each(clickHouseEngines())('the event history migrations on %s', (_engine, options) => {
  const client = createClickHouseClient(options());
  const databases = new TestDatabases();
  const database = () => databases.next();
  const migrate = (db: string) => new MigrationRunner(client, { sets: [EVENT_HISTORY_MIGRATIONS], database: db }).run();

  afterAll(async () => {
    for (const name of databases.names) await client.command({ query: `DROP DATABASE IF EXISTS ${name}` });
    await client.close();
  });

  async function rows<T>(query: string): Promise<T[]> {
    return (await client.query({ query, format: 'JSONEachRow' })).json<T>();
  }

  it('creates the table on a new database, recorded under the set, once', async () => {
    const db = database();
    expect(await migrate(db)).toEqual(['event-history/0001_events.sql', 'event-history/0002_investigation_indexes.sql', 'event-history/0003_ecs_fields.sql']);
    expect(await migrate(db)).toEqual([]);
    const tables = await rows<{ name: string }>(`SELECT name FROM system.tables WHERE database = '${db}' ORDER BY name`);
    expect(tables.map((t) => t.name)).toEqual([EVENTS_TABLE, 'quell_schema_migrations']);
  });

  it('recognises a database the previous layout migrated: applies nothing, refuses nothing, and the history still works', async () => {
    const db = database();
    // The previous runner: the same statements, then one record per file under its bare name.
    await client.command({ query: `CREATE DATABASE ${db}` });
    await client.command({
      query: `CREATE TABLE ${db}.quell_schema_migrations (version UInt32, name String, checksum String, applied_at DateTime64(3)) ENGINE = MergeTree ORDER BY version`,
    });
    for (const migration of EVENT_HISTORY_MIGRATIONS.migrations) {
      for (const statement of splitStatements(migration.sql.replaceAll('{database}', db))) await client.command({ query: statement });
    }
    await client.insert({
      table: `${db}.quell_schema_migrations`,
      values: PREVIOUS_LAYOUT_RECORDS.map((record) => ({ ...record, applied_at: toDateTime64(Date.now()) })),
      format: 'JSONEachRow',
    });

    expect(await migrate(db)).toEqual([]);
    expect(await rows<{ name: string }>(`SELECT name FROM ${db}.quell_schema_migrations ORDER BY version`)).toEqual(
      PREVIOUS_LAYOUT_RECORDS.map(({ name }) => ({ name })),
    );
    const repository = new EventHistoryRepository(client, db);
    const time = Date.UTC(2026, 11, 1);
    const event: Event = { ...emptyEventParts(), id: randomUUID(), tenant: 'acme', time, ingestTime: time, source: { type: 'json', name: 'test' }, className: 'system', classUid: 0 };
    await repository.insertBatch([EventHistoryRepository.eventToRow(event)], randomUUID());
    expect(await repository.count('acme')).toBe(1);
  });
});
