// The all-in-one as `npm start` runs it (a child process, the embedded engine, the in-process bus):
// one port for every service, one line and exit 1 when that port is taken, the demo replayed once
// per data directory, and a clean stop on SIGTERM.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@quell/platform-testing';
import { STORY } from './demo/demo-stories';
import { killAllInOnes, ROOT, startAllInOne as start, stopAllInOne as stop, untilReady as ready, type AllInOneRun as Run } from './test/all-in-one-child';

const KEY = 'quell-demo-key';

/** The banner as the JSON line a log collector gets (stdout is not a terminal here), once the demo's replay has been handed over. */
async function banner(run: Run): Promise<{ url: string; demo: { replay: boolean; reason: string; events?: number }; routes: Record<string, string> }> {
  const find = () => run.stdout().split('\n').find((l) => l.includes('Quell all-in-one is running'));
  for (let i = 0; i < 120 && !find(); i++) await new Promise((done) => setTimeout(done, 250));
  const line = find();
  if (!line) throw new Error(`no banner in ${run.stdout()}`);
  return JSON.parse(line);
}

/** Saved queries over the ClickHouse the running all-in-one holds (the demo's history), with the pipeline still writing. */
async function investigationsWhileRunning(url: string, auth: Record<string, string>): Promise<void> {
  const post = (path: string, body: object) => fetch(`${url}${path}`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const saved = (await (await fetch(`${url}/v1/queries`, { headers: auth })).json()) as { items: { name: string; params: { name: string }[] }[] };
  expect(saved.items.find((q) => q.name === 'user-activity-hour')?.params.map((p) => p.name)).toEqual(['user', 'from']);
  // The demo's breach: 41 logons on jump-01 from the attacker's address within the last hour.
  const clickhouseTime = (t: number) => new Date(t).toISOString().replace('T', ' ').replace('Z', '');
  const talkedTo = { params: { ip: STORY.breach.attacker, from: clickhouseTime(Date.now() - 2 * 3_600_000), to: clickhouseTime(Date.now() + 3_600_000) } };
  // The history writer stores events in batches: poll until the query sees `events` of them.
  const attackerEvents = async (events: number) => {
    let rows: { host_name: string; events: number }[] = [];
    for (let i = 0; i < 240 && !rows.some((row) => row.events === events); i++) {
      const talked = await post('/v1/queries/hosts-talked-to-ip', talkedTo);
      expect(talked.status).toBe(200);
      rows = ((await talked.json()) as { rows: typeof rows }).rows;
      await new Promise((done) => setTimeout(done, 250));
    }
    expect(rows).toEqual([expect.objectContaining({ host_name: STORY.breach.host, events })]);
  };
  await attackerEvents(41);
  // Reading does not stop the pipeline writing: one more event from that address is stored and seen.
  const more = { '@timestamp': new Date().toISOString(), event: { category: 'authentication', outcome: 'failure' }, host: { name: STORY.breach.host }, source: { ip: STORY.breach.attacker } };
  expect((await fetch(`${url}/v1/events`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(more) })).status).toBe(202);
  await attackerEvents(42);

  const missing = await post('/v1/queries/user-activity-hour', {});
  expect(missing.status).toBe(400);
  expect(((await missing.json()) as { detail: string }).detail).toBe("user-activity-hour needs user (String), from (DateTime64(3, 'UTC'))");
  expect((await post('/v1/queries/hosts-talked-to-ip', { params: { ...talkedTo.params, tenant: 'other' } })).status).toBe(400);
  expect((await post('/v1/queries/no-such-query', {})).status).toBe(404);
  expect((await fetch(`${url}/v1/queries`)).status).toBe(401);

  // The same through the command line, as an analyst runs it while the all-in-one is up.
  const quell = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'tools', 'bin', 'quell.js'), 'query', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, QUELL_URL: url, QUELL_API_KEY: KEY } });
  const listed = quell();
  expect(listed.status).toBe(0);
  expect(listed.stdout).toContain("hosts-talked-to-ip  ip=<String> from=<DateTime64(3, 'UTC')> to=<DateTime64(3, 'UTC')>");
  const ran = quell('hosts-talked-to-ip', '--param', `ip=${STORY.breach.attacker}`, '--param', `from=${talkedTo.params.from}`, '--param', `to=${talkedTo.params.to}`);
  expect(ran.status).toBe(0);
  expect(JSON.parse(ran.stdout.trim())).toMatchObject({ host_name: STORY.breach.host, events: 42 });
  const refused = quell('user-activity-hour', '--json');
  expect(refused.status).toBe(2);
  expect(refused.stderr.trim()).toBe("quell: POST /v1/queries/user-activity-hour: 400 user-activity-hour needs user (String), from (DateTime64(3, 'UTC'))");
}

describe('the all-in-one process', () => {
  jest.setTimeout(120_000);
  afterAll(killAllInOnes);
  const dataDir = join(mkdtempSync(join(tmpdir(), 'quell-aio-')), 'clickhouse');

  it('says in one line that its port is taken, naming PORT, and exits 1', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const port = (taken.address() as AddressInfo).port;
    try {
      const run = start({ PORT: String(port), CLICKHOUSE_DATA_DIR: dataDir });
      expect(await run.exited).toBe(1);
      expect(run.stderr().trim()).toBe(`all-in-one: port ${port} on 127.0.0.1 is already in use; set PORT to a free port (e.g. PORT=${port + 1} npm start)`);
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });

  it('serves every API, health and metrics on one port, replays the demo once per data directory, and stops cleanly', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = start({ PORT: String(port), CLICKHOUSE_DATA_DIR: dataDir });
    await ready(url, first);
    expect(await banner(first)).toMatchObject({ url, demo: { replay: true, reason: 'first start' }, routes: { '/v1/events': 'ingest', '/v1/incidents': 'incident-manager', '/v1/changes': 'change-calendar', '/v1/rules': 'correlator' } });
    expect(existsSync(`${dataDir}.demo-replayed`)).toBe(true);
    const auth = { Authorization: `Bearer ${KEY}` };
    expect((await fetch(`${url}/v1/incidents`, { headers: auth })).status).toBe(200);
    expect(await (await fetch(`${url}/v1/dead-letters`, { headers: auth })).json()).toMatchObject({ items: expect.any(Array) });
    const posted = await fetch(`${url}/v1/events`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ message: 'hello' }) });
    expect(posted.status).toBeLessThan(300);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    for (const service of ['ingest', 'correlator', 'incident-manager']) expect(metrics).toContain(`service="${service}"`);
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/events', '/v1/incidents', '/v1/changes', '/v1/rules']));
    await investigationsWhileRunning(url, auth);
    expect(await stop(first)).toBe(0);

    const second = start({ PORT: String(port), CLICKHOUSE_DATA_DIR: dataDir });
    await ready(url, second);
    expect((await banner(second)).demo).toEqual({ replay: false, reason: 'already replayed' });
    expect(await stop(second)).toBe(0);

    const asked = start({ PORT: String(port), CLICKHOUSE_DATA_DIR: dataDir }, ['--demo']);
    await ready(url, asked);
    expect((await banner(asked)).demo).toMatchObject({ replay: true, reason: 'asked' });
    expect(await stop(asked)).toBe(0);
  });
});
