import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyEventParts, type Event } from '@quell/contracts';
import { createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { EVENT_HISTORY_MIGRATIONS, eventToRow, EventHistoryRepository } from '@quell/platform-event-history';
import { createLogger } from '@quell/platform-observability';
import { bearerRequest, uniqueDatabase } from '@quell/platform-testing';
import { startOperatorApi, type OperatorApi } from '../operator-api';
import { SinglePortRouter } from '../single-port';

const KEYS = 'acme:analyst:read:read-key,acme:ops:write:write-key,acme:root:admin:admin-key';
const ROOT = join(__dirname, '..', '..', '..', '..');
const DOCS = join(ROOT, 'docs', 'investigations.md');

/** `quell query …` as a child process (asynchronous: the server answering it is this process). */
function quell(base: string, key: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, QUELL_URL: base, QUELL_API_KEY: key };
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, 'tools', 'bin', 'quell.js'), 'query', ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function event(tenant: string, host: string): Event {
  const time = Date.parse('2026-11-28T10:00:00Z');
  return { ...emptyEventParts(), id: randomUUID(), tenant, time, ingestTime: time, source: { type: 'test', name: 'seed' }, className: 'process', classUid: 1007, severity: 1, host: { name: host, ip: '' } };
}

/** POST /v1/queries/sql against the operator API over a real embedded ClickHouse, its history table seeded for two tenants. */
describe('ad-hoc SQL (POST /v1/queries/sql) over the embedded ClickHouse', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'quell-ch-adhoc-'));
  const clickhouse = createClickHouseClient({ dataDir });
  const database = uniqueDatabase();
  const history = new EventHistoryRepository(clickhouse, database);
  let api: OperatorApi;
  let server: ReturnType<typeof createServer>;
  let base: string;
  const sql = (body: unknown, key = 'admin-key') => bearerRequest(base, 'POST', '/v1/queries/sql', key, body);
  const json = async (answer: Response): Promise<any> => answer.json();
  const eventCount = async () => (await json(await sql({ sql: 'SELECT count() AS n FROM {database:Identifier}.quell_events' }))).rows[0].n;

  beforeAll(async () => {
    await new MigrationRunner(clickhouse, { sets: [EVENT_HISTORY_MIGRATIONS], database }).run();
    await history.insertBatch([event('acme', 'ws-1'), event('globex', 'ws-1'), event('acme', 'ws-2')].map(eventToRow), 'seed');
    const limits = { timeoutSeconds: 2, maxMemoryBytes: 100_000_000 };
    api = await startOperatorApi({ apiKeys: KEYS, logger: createLogger({ service: 'queries', level: 'silent' }), maxBodyBytes: 65_536, queries: { clickhouse, database, file: DOCS, limits } });
    server = createServer(new SinglePortRouter([api.mounted]).handle);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    await api.close();
    await clickhouse.close();
  });

  it("runs a SELECT with {name:Type} parameters over every tenant's rows", async () => {
    const answer = await sql({ sql: 'SELECT tenant, count() AS events FROM {database:Identifier}.quell_events WHERE host_name = {host:String} GROUP BY tenant ORDER BY tenant', params: { host: 'ws-1' } });
    expect(answer.status).toBe(200);
    expect(await json(answer)).toEqual({ rows: [{ tenant: 'acme', events: 1 }, { tenant: 'globex', events: 1 }], truncated: false });
    const withClause = await json(await sql({ sql: 'WITH {n:UInt32} AS n /* a comment; not a second statement */ SELECT n * 2 AS twice', params: { n: '21' } }));
    expect(withClause.rows).toEqual([{ twice: 42 }]);
    expect((await json(await sql({ sql: 'SELECT 1 AS one; -- one statement, its semicolon' }))).rows).toEqual([{ one: 1 }]);
  });

  it('stops at the row limit and says so', async () => {
    expect(await json(await sql({ sql: 'SELECT number FROM numbers(100000) ORDER BY number', limit: 3 }))).toEqual({ rows: [{ number: 0 }, { number: 1 }, { number: 2 }], truncated: true });
    expect((await sql({ sql: 'SELECT 1', limit: 10_001 })).status).toBe(400);
  });

  it('refuses every statement but one SELECT, naming why, and nothing changes', async () => {
    const outfile = join(dataDir, 'leak.txt');
    const refusals: [string, RegExp][] = [
      [`DROP TABLE ${database}.quell_events`, /only a SELECT .* not DROP/],
      [`INSERT INTO ${database}.quell_events (tenant) VALUES ('x')`, /only a SELECT .* not INSERT/],
      [`ALTER TABLE ${database}.quell_events DELETE WHERE 1`, /not ALTER/],
      ['SYSTEM DROP MARK CACHE', /not SYSTEM/],
      ['SET readonly = 0', /not SET/],
      [`SELECT 1; DROP TABLE ${database}.quell_events`, /Multi-statements are not allowed/],
      [`SELECT 1 -- x\n; TRUNCATE TABLE ${database}.quell_events`, /Multi-statements are not allowed/],
      ["SELECT * FROM (SELECT * FROM file('/etc/hostname', 'LineAsString') SETTINGS readonly = 0)", /SETTINGS is not allowed/],
      [`SELECT 1 INTO OUTFILE '${outfile}'`, /INTO OUTFILE is not allowed/],
      ['SELECT 1 FORMAT CSV', /FORMAT is not allowed/],
      ["SELECT * FROM file('/etc/hostname', 'LineAsString')", /Cannot execute query in readonly mode/],
      ["SELECT * FROM url('http://127.0.0.1:9/', 'LineAsString')", /readonly mode/],
      ['SELEC 1', /Syntax error/],
    ];
    for (const [statement, reason] of refusals) {
      const answer = await sql({ sql: statement });
      expect({ statement, status: answer.status }).toEqual({ statement, status: 400 });
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect((await json(answer)).detail).toMatch(reason);
    }
    expect(existsSync(outfile)).toBe(false);
    expect(await eventCount()).toBe(3);
  });

  it('names a missing parameter, a badly typed one and one that is the server’s', async () => {
    expect((await json(await sql({ sql: 'SELECT {who:String} AS who' }))).detail).toMatch(/Substitution `who` is not set/);
    expect((await json(await sql({ sql: 'SELECT {n:UInt32} AS n', params: { n: 'abc' } }))).detail).toMatch(/cannot be parsed as UInt32/);
    expect((await json(await sql({ sql: 'SELECT 1', params: { database: 'system' } }))).detail).toMatch(/params.database is the server's/);
    expect((await sql({ sql: '' })).status).toBe(400);
  });

  it('stops a slow query at the time limit (504) and a greedy one at the memory limit (400)', async () => {
    const slow = await sql({ sql: 'SELECT count() FROM numbers(1e12)' });
    expect(slow.status).toBe(504);
    expect(await json(slow)).toMatchObject({ type: 'urn:quell:problem:query-timeout', detail: expect.stringContaining('ran past its 2 s limit') });
    const greedy = await json(await sql({ sql: 'SELECT groupArray(number) FROM numbers(1e8)' }));
    expect(greedy).toMatchObject({ status: 400, engineError: 'MEMORY_LIMIT_EXCEEDED' });
  });

  it('takes an admin key: read and write keys are refused (403), no key is 401, saved queries stay open to read keys', async () => {
    expect((await fetch(`${base}/v1/queries/sql`, { method: 'POST', body: '{"sql":"SELECT 1"}', headers: { 'content-type': 'application/json' } })).status).toBe(401);
    for (const key of ['read-key', 'write-key']) {
      const refused = await sql({ sql: 'SELECT 1' }, key);
      expect(refused.status).toBe(403);
      expect((await json(refused)).detail).toMatch(/may not run ad-hoc SQL/);
    }
    const saved = await bearerRequest(base, 'POST', '/v1/queries/events-around-time-on-host', 'read-key', { params: { host: 'ws-1', at: '2026-11-28 10:00:00.000', minutes: 5 } });
    expect(saved.status).toBe(200);
    expect((await json(saved)).rows).toHaveLength(1);
  });

  it('answers `quell query "<SELECT …>"` with a table, --json with the document, and a refusal or timeout with exit 2', async () => {
    const statement = 'SELECT tenant, count() AS events FROM {database:Identifier}.quell_events WHERE host_name = {host:String} GROUP BY tenant ORDER BY tenant';
    const table = await quell(base, 'admin-key', [statement, '--param', 'host=ws-1']);
    expect(table).toEqual({ code: 0, stdout: 'tenant  events\nacme    1\nglobex  1\n', stderr: 'quell: 2 rows\n' });
    const document = await quell(base, 'admin-key', [statement, '--param', 'host=ws-1', '--limit', '1', '--json']);
    expect(JSON.parse(document.stdout)).toEqual({ rows: [{ tenant: 'acme', events: 1 }], truncated: true });
    const dropped = await quell(base, 'admin-key', [`DROP TABLE ${database}.quell_events`]);
    expect(dropped).toMatchObject({ code: 2, stderr: 'quell: POST /v1/queries/sql: 400 only a SELECT (or WITH … SELECT) runs here, not DROP\n' });
    const slow = await quell(base, 'admin-key', ['SELECT count() FROM numbers(1e12)']);
    expect(slow).toMatchObject({ code: 2, stderr: expect.stringMatching(/^quell: POST \/v1\/queries\/sql: 504 the query ran past its 2 s limit and was stopped .*\)\n$/) });
    expect(await quell(base, 'read-key', ['SELECT 1'])).toMatchObject({ code: 2, stderr: expect.stringContaining('403') });
    expect(await eventCount()).toBeGreaterThanOrEqual(3);
  }, 180_000); // five CLI processes, each compiling the CLI from source

  it("leaves the session's settings as they were: the pipeline's writes still land after ad-hoc queries", async () => {
    await sql({ sql: 'SELECT count() FROM numbers(1e12)' });
    await sql({ sql: 'SELECT 1', limit: 1 });
    const session = await clickhouse.query({ query: "SELECT getSetting('readonly') AS readonly, getSetting('max_execution_time') AS timeout, getSetting('max_result_rows') AS rows", format: 'JSONEachRow' });
    expect(await session.json()).toEqual([{ readonly: 0, timeout: 0, rows: 0 }]);
    await history.insertBatch([eventToRow(event('acme', 'ws-3'))], 'after-ad-hoc');
    expect(await eventCount()).toBe(4);
  });
});
