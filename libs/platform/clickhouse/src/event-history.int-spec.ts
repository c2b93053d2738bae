import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Event } from '@quell/contracts';
import { createClickHouseClient, type ClickHouseClient } from './clickhouse-client';
import { EventHistoryRepository } from './event-history.repository';
import { MigrationRunner } from './migration-runner';
import { EVENTS_MIGRATIONS_DIR } from './migrations-dir';

function event(id: string, host: string): Event {
  return {
    id,
    tenant: 'acme',
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
    src: { ip: '203.0.113.5', port: 5555 },
    dst: null,
    process: null,
    service: null,
    message: 'failed',
    tags: ['a'],
    original: { 'event.action': 'logon' },
    rawText: '{}',
    attackTechniques: [],
    late: false,
    parseWarnings: [],
  };
}

// The same assertions on the embedded engine and, when CLICKHOUSE_URL is set, on a server.
const engines: [string, () => ClickHouseClient][] = [
  ['chdb', () => createClickHouseClient({ dataDir: mkdtempSync(join(tmpdir(), 'quell-ch-')) })],
];
if (process.env['CLICKHOUSE_URL']) {
  engines.push(['server', () => createClickHouseClient({ url: process.env['CLICKHOUSE_URL'], dataDir: '' })]);
}

describe.each(engines)('ClickHouse history on %s', (_name, makeClient) => {
  const client = makeClient();
  const database = `quell_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const repository = new EventHistoryRepository(client, database);

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await client.close();
  });

  it('applies each migration once and records it', async () => {
    const runner = new MigrationRunner(client, { directory: EVENTS_MIGRATIONS_DIR, database });
    expect(await runner.run()).toEqual([1, 2]);
    expect(await runner.run()).toEqual([]);
    const result = await client.query({ query: `SELECT version, name FROM ${database}.quell_schema_migrations ORDER BY version`, format: 'JSONEachRow' });
    expect(await result.json()).toEqual([
      { version: 1, name: '0001_events.sql' },
      { version: 2, name: '0002_investigation_indexes.sql' },
    ]);
  });

  it('refuses a migration that changed after it was applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-mig-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, '0001_t.sql'), `CREATE TABLE IF NOT EXISTS {database}.t (x UInt8) ENGINE = MergeTree ORDER BY x;`);
    const otherDb = `${database}_m`;
    await new MigrationRunner(client, { directory: dir, database: otherDb }).run();
    writeFileSync(join(dir, '0001_t.sql'), `CREATE TABLE IF NOT EXISTS {database}.t (x UInt16) ENGINE = MergeTree ORDER BY x;`);
    await expect(new MigrationRunner(client, { directory: dir, database: otherDb }).run()).rejects.toThrow(/0001_t.sql changed/);
    await client.command({ query: `DROP DATABASE IF EXISTS ${otherDb}` });
  });

  it('stores a batch once even when it is inserted twice with the same token', async () => {
    const rows = [event(randomUUID(), 'web-1'), event(randomUUID(), 'web-2')].map(EventHistoryRepository.eventToRow);
    await repository.insertBatch(rows, 'batch-1');
    await repository.insertBatch(rows, 'batch-1');
    expect(await repository.count('acme')).toBe(2);
    const found = await repository.findByIds('acme', [rows[0].id]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: rows[0].id, host_name: 'web-1', user_name: 'bob', src_ip: '203.0.113.5', src_port: 5555 });
  });

  it('collapses a replayed event that arrives in a different batch', async () => {
    const row = EventHistoryRepository.eventToRow(event(randomUUID(), 'web-3'));
    await repository.insertBatch([row], 'batch-a');
    await repository.insertBatch([row], 'batch-b');
    expect(await repository.findByIds('acme', [row.id])).toHaveLength(1);
  });

  it('binds user input as parameters, never as SQL', async () => {
    expect(await repository.findByIds("acme' OR 1=1 --", ['x'])).toEqual([]);
  });
});
