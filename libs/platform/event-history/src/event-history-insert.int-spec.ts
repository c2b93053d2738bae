import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { emptyEventParts, type Event } from '@quell/contracts';
import { createClickHouseClient, embeddedEngineOf, MigrationRunner } from '@quell/platform-clickhouse';
import { uniqueDatabase } from '@quell/platform-testing';
import { EventHistoryRepository } from './event-history.repository';
import { eventToRow, type EventRow } from './event-row';
import { EVENT_HISTORY_MIGRATIONS } from './event-history.migrations';

/** An event whose text fields hold what JSON and SQL bodies must carry through untouched. */
function awkwardEvent(tenant: string, i: number): Event {
  const text = `quote " backslash \\ newline \n tab \t unicode é ✓ 😀 NUL-ish \u0001 #${i}`;
  return {
    ...emptyEventParts(),
    id: randomUUID(),
    tenant,
    time: Date.parse('2026-11-28T23:59:59.999Z') + i,
    ingestTime: Date.parse('2026-11-29T00:00:00.5Z') + i,
    source: { type: 'winlogbeat', name: 'dc-01' },
    className: 'process',
    classUid: 1007,
    action: 'process_started',
    outcome: 'success',
    severity: 4,
    host: { name: `ws-${i}`, ip: 'fe80::1%eth0' },
    user: { name: 'CORP\\alice', domain: 'CORP' },
    src: { ip: '10.0.0.5', port: 65535 },
    dst: { ip: '192.0.2.1', port: 0 },
    process: {
      pid: 2 ** 40,
      name: 'cmd.exe',
      executable: 'C:\\Windows\\System32\\cmd.exe',
      commandLine: `cmd /c "echo ${text}"`,
      parentName: 'explorer.exe',
      parentExecutable: 'C:\\Windows\\explorer.exe',
      parentPid: 4,
      parentCommandLine: text,
      hash: null,
    },
    service: 'payroll',
    message: text,
    tags: ['a', text, ''],
    original: { 'winlog.event_data.CommandLine': text, '': 'empty key', 'k"\\': '' },
    rawText: JSON.stringify({ text }),
    attackTechniques: ['T1059.003'],
    late: true,
  };
}

/**
 * The repository writes through chdb's raw insert on the embedded engine and through the client's
 * JSONCompactEachRow body on a server. Both paths run here against one embedded engine (the second
 * client is a plain @clickhouse/client over the same data directory, as a server client would be)
 * and must store the same rows.
 */
describe('EventHistoryRepository insert paths', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'quell-ch-insert-'));
  const embedded = createClickHouseClient({ dataDir });
  const viaClient = createClient({ connection: createChdbConnection({ path: dataDir }) as unknown as NonNullable<ClickHouseClientConfigOptions['connection']> });
  const database = uniqueDatabase();

  beforeAll(async () => {
    await new MigrationRunner(embedded, { sets: [EVENT_HISTORY_MIGRATIONS], database }).run();
  });

  afterAll(async () => {
    await embedded.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await viaClient.close();
    await embedded.close();
  });

  it('takes the raw path only on the embedded engine', () => {
    expect(embeddedEngineOf(embedded)).toBeDefined();
    expect(embeddedEngineOf(viaClient)).toBeUndefined();
  });

  it('stores every field alike by either path, as the row was given', async () => {
    const stored = async (client: typeof embedded): Promise<EventRow[]> => {
      const tenant = `t-${randomUUID()}`;
      const rows = Array.from({ length: 50 }, (_, i) => eventToRow(awkwardEvent(tenant, i)));
      const repository = new EventHistoryRepository(client, database);
      await repository.insertBatch(rows, randomUUID());
      const found = await repository.findByIds(tenant, rows.map((r) => r.id));
      expect(found).toHaveLength(rows.length);
      const byId = new Map(found.map((row) => [row.id, row]));
      // What was inserted comes back, column for column (the read adds only materialized columns).
      for (const row of rows) expect(byId.get(row.id)).toMatchObject(row);
      return rows;
    };
    const raw = await stored(embedded);
    const client = await stored(viaClient);
    const withoutIdentity = (rows: EventRow[]) => rows.map(({ id: _id, tenant: _tenant, ...rest }) => rest);
    expect(withoutIdentity(client)).toEqual(withoutIdentity(raw));
  });

  it('stores a batch retried with its token once by either path', async () => {
    for (const client of [embedded, viaClient]) {
      const tenant = `t-${randomUUID()}`;
      const rows = Array.from({ length: 20 }, (_, i) => eventToRow(awkwardEvent(tenant, i)));
      const repository = new EventHistoryRepository(client, database);
      const token = randomUUID();
      await repository.insertBatch(rows, token);
      await repository.insertBatch(rows, token);
      expect(await repository.countById(tenant, rows[0].id)).toBe(1);
      expect(await repository.count(tenant)).toBe(20);
    }
  });
});
