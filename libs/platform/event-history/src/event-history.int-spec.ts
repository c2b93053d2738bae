import { randomUUID } from 'node:crypto';
import { emptyEventParts, type Event } from '@quell/contracts';
import { createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { clickHouseEngines, uniqueDatabase } from '@quell/platform-testing';
import { EventHistoryRepository } from './event-history.repository';
import { eventToRow, type EventRow } from './event-row';
import { EVENT_HISTORY_MIGRATIONS } from './event-history.migrations';

function event(id: string, host: string, tenant = 'acme'): Event {
  return {
    ...emptyEventParts(),
    id,
    tenant,
    time: Date.parse('2026-11-28T10:00:00Z'),
    ingestTime: Date.parse('2026-11-28T10:00:01Z'),
    source: { type: 'http', name: 'test' },
    className: 'authentication',
    classUid: 3002,
    action: 'logon',
    outcome: 'failure',
    severity: 3,
    host: { name: host, ip: '10.0.0.1' },
    user: { name: 'bob', domain: null },
    src: { ip: '2001:db8::5', port: 5555 },
    dst: null,
    process: null,
    service: null,
    message: 'failed',
    tags: ['a'],
    original: { 'event.action': 'logon' },
    rawText: '{}',
    attackTechniques: ['T1110'],
    late: false,
    parseWarnings: [],
  };
}

// The same body on the embedded engine and, when CLICKHOUSE_URL is set, on a server. Each engine
// gets a database of its own, migrated by the real migrations.
describe.each(clickHouseEngines())('EventHistoryRepository on %s', (_engine, options) => {
  const client = createClickHouseClient(options());
  const database = uniqueDatabase();
  const repository = new EventHistoryRepository(client, database);

  beforeAll(async () => {
    await new MigrationRunner(client, { sets: [EVENT_HISTORY_MIGRATIONS], database }).run();
  });

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await client.close();
  });

  it('stores a batch and reads it back by parameterized queries', async () => {
    const tenant = `t-${randomUUID()}`;
    const rows = [event(randomUUID(), 'web-1', tenant), event(randomUUID(), 'web-2', tenant)].map(eventToRow);
    await repository.insertBatch(rows, randomUUID());

    const found = await repository.findByIds(tenant, [rows[1].id, rows[0].id, 'no-such-id']);
    expect(found.map((r) => r.id).sort()).toEqual([rows[0].id, rows[1].id].sort());
    expect(found.find((r) => r.id === rows[0].id)).toEqual({ ...rows[0], time: '2026-11-28 10:00:00.000', ingest_time: '2026-11-28 10:00:01.000' });
    expect(await repository.countById(tenant, rows[0].id)).toBe(1);
    expect(await repository.count(tenant)).toBe(2);
    expect(await repository.findByIds('other-tenant', [rows[0].id])).toEqual([]);
  });

  it('keeps one copy of each row when the same batch is inserted twice with the same token', async () => {
    const tenant = `t-${randomUUID()}`;
    const rows = [event(randomUUID(), 'web-1', tenant), event(randomUUID(), 'web-2', tenant)].map(eventToRow);
    const token = `events:0:${randomUUID()}`;
    await repository.insertBatch(rows, token);
    await repository.insertBatch(rows, token);
    // countById reads without FINAL, so only the insert token can have kept the second copy out.
    for (const row of rows) expect(await repository.countById(tenant, row.id)).toBe(1);
  });

  it('inserts again under a different token', async () => {
    const tenant = `t-${randomUUID()}`;
    const first = eventToRow(event(randomUUID(), 'web-1', tenant));
    const second = eventToRow(event(randomUUID(), 'web-2', tenant));
    await repository.insertBatch([first], 'batch-a');
    await repository.insertBatch([second], 'batch-b');
    expect(await repository.count(tenant)).toBe(2);

    // The same rows under a new token are written (two stored copies), and FINAL reads still show
    // the event once: ReplacingMergeTree collapses a replay that came in another batch.
    await repository.insertBatch([first], 'batch-c');
    expect(await repository.countById(tenant, first.id)).toBe(2);
    expect(await repository.findByIds(tenant, [first.id])).toHaveLength(1);
    expect(await repository.count(tenant)).toBe(2);
  });

  it('stores each value in its column whatever order a row lists its keys in', async () => {
    const tenant = `t-${randomUUID()}`;
    const first = eventToRow(event(randomUUID(), 'web-1', tenant));
    const { host_name, id, ...rest } = eventToRow(event(randomUUID(), 'web-2', tenant));
    const reordered: EventRow = { ...rest, host_name, id };
    await repository.insertBatch([first, reordered], randomUUID());
    expect((await repository.findByIds(tenant, [first.id, reordered.id])).map((row) => [row.id, row.host_name]).sort()).toEqual(
      [[first.id, 'web-1'], [reordered.id, 'web-2']].sort(),
    );
  });

  it('binds values as parameters, never as SQL', async () => {
    const tenant = `t-${randomUUID()}`;
    const row = eventToRow(event(randomUUID(), 'web-1', tenant));
    await repository.insertBatch([row], randomUUID());
    expect(await repository.findByIds(`${tenant}' OR 1=1 --`, [row.id])).toEqual([]);
    expect(await repository.countById(tenant, `${row.id}' OR '1'='1`)).toBe(0);
  });

  it('throws when an insert fails instead of reporting success', async () => {
    const broken = new EventHistoryRepository(client, `${database}_missing`);
    await expect(broken.insertBatch([eventToRow(event(randomUUID(), 'web-1'))], randomUUID())).rejects.toThrow();
  });

  it('writes nothing for an empty batch', async () => {
    await expect(repository.insertBatch([], randomUUID())).resolves.toBeUndefined();
  });
});
