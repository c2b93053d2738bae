import { createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { clickHouseEngines, TestDatabases } from '@quell/platform-testing';
import { ClickHouseDeliveryLog } from './clickhouse-delivery-log';
import { ClickHouseDeliveryHistory } from './delivery-history';
import { DELIVERIES_TABLE, DELIVERY_LOG_MIGRATIONS } from './delivery-log.migrations';
import type { DeliveryAttempt } from './delivery-log.port';

const AT = Date.parse('2026-11-28T10:00:00Z');
const attempt = (n: number, status: DeliveryAttempt['status'], httpStatus: number | null): DeliveryAttempt => ({
  tenant: 'acme', incidentId: 'inc-1', transition: 'opened', transitionKey: `inc-1/opened/${AT}`, channel: 'soc-slack',
  attempt: n, status, httpStatus, error: status === 'sent' ? null : `soc-slack answered ${httpStatus}`, at: AT + n * 1000,
});

describe.each(clickHouseEngines())('the delivery log on %s', (_engine, options) => {
  const client = createClickHouseClient(options());
  const databases = new TestDatabases();
  let database: string;

  beforeAll(async () => {
    database = databases.next();
    await new MigrationRunner(client, { sets: [DELIVERY_LOG_MIGRATIONS], database }).run();
  });

  afterAll(async () => {
    for (const name of databases.names) await client.command({ query: `DROP DATABASE IF EXISTS ${name}` });
    await client.close();
  });

  it('writes buffered attempts in one batch, and a batch written twice once', async () => {
    const log = new ClickHouseDeliveryLog(client, { database, flushIntervalMs: 60_000 });
    const rows = [attempt(1, 'retry', 429), attempt(2, 'sent', 200)];
    rows.forEach((row) => log.record(row));
    await log.flush();
    rows.forEach((row) => log.record(row));
    await log.flush();
    const result = await client.query({
      query: `SELECT attempt, status, http_status, error FROM {db:Identifier}.${DELIVERIES_TABLE} FINAL WHERE incident_id = {id:String} ORDER BY attempt`,
      query_params: { db: database, id: 'inc-1' },
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([
      { attempt: 1, status: 'retry', http_status: 429, error: 'soc-slack answered 429' },
      { attempt: 2, status: 'sent', http_status: 200, error: null },
    ]);
  });

  it('lists a tenant\'s attempts newest first, filtered by status and time', async () => {
    const log = new ClickHouseDeliveryLog(client, { database, flushIntervalMs: 60_000 });
    [attempt(1, 'retry', 503), attempt(2, 'failed', 503), { ...attempt(3, 'failed', 500), tenant: 'globex' }].forEach((row) => log.record(row));
    await log.flush();
    const history = new ClickHouseDeliveryHistory(client, database);
    expect(await history.list({ tenant: 'acme', status: 'failed', limit: 10 })).toEqual([attempt(2, 'failed', 503)]);
    expect(await history.list({ tenant: 'acme', status: 'failed', from: AT + 3000, limit: 10 })).toEqual([]);
    expect((await history.list({ tenant: 'acme', limit: 1 }))[0]).toMatchObject({ attempt: 2 });
  });

  it('keeps the rows of a failed write for the next one', async () => {
    const broken = { insert: () => Promise.reject(new Error('ClickHouse away')) } as unknown as typeof client;
    const log = new ClickHouseDeliveryLog(broken, { database, flushIntervalMs: 60_000, maxBuffered: 2 });
    [1, 2, 3].forEach((n) => log.record(attempt(n, 'retry', 503)));
    await expect(log.flush()).rejects.toThrow('ClickHouse away');
    expect(log.dropped).toBe(1);
  });
});
