// `quell rules backtest` while the all-in-one runs (a child process, as `npm start` runs it): the
// embedded engine's directory is held, so the command has the all-in-one run the rule file over
// the history it holds (POST /v1/backtests) and prints the answer as it would its own.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@quell/platform-testing';
import { FAILED_LOGON_ID, FAILED_LOGON_RULE } from './test/failed-logon-rule';
import { killAllInOnes, ROOT, startAllInOne, stopAllInOne, untilReady, type AllInOneRun } from './test/all-in-one-child';

const KEY = 'quell-demo-key';
/** What the command said: the held directory is found before the embedded engine is opened, so the engine's own "Code: 76. DB::Exception: Cannot lock file" line is not among it. */
const said = (stderr: string) => stderr.split('\n').filter((line) => line !== '').join('\n');

describe('quell rules backtest through a running all-in-one', () => {
  jest.setTimeout(180_000);
  const work = mkdtempSync(join(tmpdir(), 'quell-backtest-aio-'));
  const dataDir = join(work, 'clickhouse');
  const ruleFile = join(work, 'failed-logon.yml');
  let run: AllInOneRun;
  let url: string;
  const quell = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(ROOT, 'tools', 'bin', 'quell.js'), 'rules', 'backtest', '--rule', ruleFile, '--from', '-1h', '--to', 'now', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, CLICKHOUSE_DATA_DIR: dataDir, QUELL_URL: url, QUELL_API_KEY: KEY, ...env },
    });

  beforeAll(async () => {
    writeFileSync(ruleFile, FAILED_LOGON_RULE);
    mkdirSync(join(work, 'rules'));
    writeFileSync(join(work, 'rules', 'failed-logon.yml'), FAILED_LOGON_RULE);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    run = startAllInOne({ PORT: String(port), CLICKHOUSE_DATA_DIR: dataDir, QUELL_DEMO: '0', RULES_DIR: join(work, 'rules') });
    await untilReady(url, run);
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const events = [
      { '@timestamp': at(20), event: { category: 'authentication', outcome: 'failure' }, host: { name: 'bastion-1' }, user: { name: 'alice' } },
      { '@timestamp': at(15), event: { category: 'authentication', outcome: 'success' }, host: { name: 'bastion-1' }, user: { name: 'alice' } },
      { '@timestamp': at(10), event: { category: 'authentication', outcome: 'failure' }, host: { name: 'bastion-1' }, user: { name: 'bob' } },
    ];
    const sent = await fetch(`${url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-ndjson' }, body: events.map((e) => JSON.stringify(e)).join('\n') });
    expect(sent.status).toBe(202);
    // The history writer stores events in batches: wait until the all-in-one's own backtest sees all three.
    await waitFor(
      async () => {
        const answer = await fetch(`${url}/v1/backtests`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ rule: FAILED_LOGON_RULE, range: '1h' }) });
        return ((await answer.json()) as { eventsScanned: number }).eventsScanned === 3 ? true : undefined;
      },
      { description: 'three events in the history', timeoutMs: 60_000, intervalMs: 250 },
    );
  });

  afterAll(async () => {
    if (run) await stopAllInOne(run);
    killAllInOnes();
  });

  it('prints the matching events and the summary, run by the all-in-one', () => {
    const result = quell([]);
    expect(said(result.stderr)).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/host=bastion-1 {2}user=alice {2}tenant=demo {2}6f4c8a52-2b1e-4d8f-9a61-3c0d7e5b9f10$/);
    expect(lines[1]).toContain('user=bob');
    expect(lines[2]).toBe(`would raise 2 alerts from 3 events, run by ${url}`);
  });

  it('prints the answer with --json, and says a rejected rule with the file and line (exit 2)', () => {
    const json = quell(['--json']);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ruleId: FAILED_LOGON_ID, tenant: 'demo', eventsScanned: 3, matches: 2, stoppedBy: null });

    const broken = join(work, 'broken.yml');
    writeFileSync(broken, FAILED_LOGON_RULE.replace('level: low', 'level: loud'));
    const rejected = spawnSync(process.execPath, [join(ROOT, 'tools', 'bin', 'quell.js'), 'rules', 'backtest', '--rule', broken, '--from', '-1h', '--to', 'now', '--server', url], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, QUELL_API_KEY: KEY },
    });
    expect(rejected.status).toBe(2);
    expect(rejected.stderr.trim()).toMatch(new RegExp(`^quell: POST /v1/backtests: 400 the rule is rejected: ${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3: .*level`));
  });

  it('a second all-in-one on the same data directory says so in one line and exits 1', async () => {
    const second = startAllInOne({ PORT: String(await freePort()), CLICKHOUSE_DATA_DIR: dataDir, QUELL_DEMO: '0', RULES_DIR: join(work, 'rules') });
    expect(await second.exited).toBe(1);
    expect(said(second.stderr())).toBe(`all-in-one: cannot open the state file ${dataDir}.state.sqlite: another Quell process may hold it (one per directory); stop it or set CLICKHOUSE_DATA_DIR`);
  });

  it('says how to go through the all-in-one when no key is given (exit 1)', () => {
    const result = quell([], { QUELL_API_KEY: '' });
    expect(result.status).toBe(1);
    expect(said(result.stderr)).toBe(
      `quell: cannot open the embedded engine at ${dataDir}: another process (a running all-in-one?) holds it; set QUELL_API_KEY (or --api-key-file) to run the backtest on the all-in-one at ${url} (QUELL_URL or --server), stop it, or set CLICKHOUSE_URL to a ClickHouse server`,
    );
  });
});
