import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyEventParts, type Event } from '@quell/contracts';
import { createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { EVENT_HISTORY_MIGRATIONS, EventHistoryRepository, eventToRow } from '@quell/platform-event-history';
import { runCli } from '../cli';

/**
 * `quell rules backtest` over the embedded engine: the history is seeded through the repository
 * the history writer uses, in a data directory of this file's own (one process binds one), and
 * the command opens that directory itself, as it would the all-in-one's.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'quell-backtest-ch-'));
const database = `quell_backtest_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const rulesDir = mkdtempSync(join(tmpdir(), 'quell-backtest-rules-'));
const env = { CLICKHOUSE_DATA_DIR: dataDir, CLICKHOUSE_DATABASE: database };

const FAILED_LOGON = `title: Failed logon
id: 6f4c8a52-2b1e-4d8f-9a61-3c0d7e5b9f10
name: failed_logon
level: low
author: Quell tests
logsource:
    category: authentication
detection:
    selection:
        event.outcome: failure
    condition: selection
`;

const BRUTE_FORCE = `title: Brute force from one address
id: 0b7e3f6a-91c4-4c2e-8d5b-6a2f1e9c4d37
level: high
correlation:
    type: event_count
    rules:
        - failed_logon
    group-by:
        - src_ip
    timespan: 5m
    condition:
        gte: 3
`;

const at = (hhmmss: string) => Date.parse(`2026-11-28T${hhmmss}Z`);

let sequence = 0;
function logon(tenant: string, time: string, srcIp: string, outcome: 'failure' | 'success'): Event {
  sequence++;
  return {
    ...emptyEventParts(),
    id: `0193a000-0000-7000-8000-${String(sequence).padStart(12, '0')}`,
    tenant,
    time: at(time),
    ingestTime: at(time) + 500,
    source: { type: 'linux-sshd', name: 'auth.log' },
    className: 'authentication',
    classUid: 3002,
    action: 'logon',
    outcome,
    severity: 3,
    host: { name: 'bastion-1', ip: '10.1.0.1' },
    user: { name: 'root', domain: null },
    src: { ip: srcIp, port: 50000 + sequence },
    dst: null,
    process: null,
    service: null,
    message: `${outcome} password for root from ${srcIp}`,
    tags: [],
    original: { 'event.outcome': outcome },
    rawText: null,
    attackTechniques: [],
    late: false,
    parseWarnings: [],
  };
}

const SEEDED: Event[] = [
  // acme, 10.0.0.5: three failures in two minutes (one alert), then again an hour later (a second episode).
  logon('acme', '10:00:00', '10.0.0.5', 'failure'),
  logon('acme', '10:01:00', '10.0.0.5', 'failure'),
  logon('acme', '10:02:00', '10.0.0.5', 'failure'),
  logon('acme', '10:02:30', '10.0.0.5', 'success'),
  logon('acme', '10:03:00', '10.0.0.9', 'failure'),
  logon('acme', '11:00:00', '10.0.0.5', 'failure'),
  logon('acme', '11:01:00', '10.0.0.5', 'failure'),
  logon('acme', '11:02:00', '10.0.0.5', 'failure'),
  // globex, same address: two failures, which would make a third with acme's if tenants mixed.
  logon('globex', '10:00:30', '10.0.0.5', 'failure'),
  logon('globex', '10:01:30', '10.0.0.5', 'failure'),
];

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

async function quell(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { read: (p) => readFile(p, 'utf8'), now: () => at('12:00:00'), out: (l) => out.push(l), err: (l) => err.push(l), env } as Parameters<typeof runCli>[1]);
  return { code, out, err };
}

beforeAll(async () => {
  const client = createClickHouseClient({ dataDir, database });
  await new MigrationRunner(client, { sets: [EVENT_HISTORY_MIGRATIONS], database }).run();
  const repository = new EventHistoryRepository(client, database);
  await repository.insertBatch(SEEDED.map(eventToRow), 'seed');
  // A replay in another batch: two copies of one event until the table merges them.
  await repository.insertBatch([eventToRow(SEEDED[1])], 'replay');
  await client.close();
  write(join(rulesDir, 'auth/failed-logon.yml'), FAILED_LOGON);
  write(join(rulesDir, 'brute-force.yml'), BRUTE_FORCE);
});

describe('quell rules backtest', () => {
  it('raises exactly the expected correlation alerts over seeded history, read in pages, tenants apart', async () => {
    const run = await quell(['rules', 'backtest', '--rule', join(rulesDir, 'brute-force.yml'), '--rules-dir', rulesDir, '--from', '2026-11-28T09:00:00Z', '--to', '2026-11-28T12:00:00Z', '--page-size', '2']);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out).toHaveLength(3);
    const group = JSON.stringify({ src_ip: '10.0.0.5' });
    expect(run.out[0]).toContain(`tenant=acme  episode=0b7e3f6a-91c4-4c2e-8d5b-6a2f1e9c4d37|["10.0.0.5"]|${at('10:02:00')}  group=${group}  value=3  count=3  level=high  first=2026-11-28T10:02:00.000Z  last=2026-11-28T10:02:00.000Z`);
    expect(run.out[1]).toContain(`tenant=acme  episode=0b7e3f6a-91c4-4c2e-8d5b-6a2f1e9c4d37|["10.0.0.5"]|${at('11:02:00')}`);
    expect(run.out[0].startsWith('2026-11-28T10:02:00.000Z  Brute force from one address (0b7e3f6a-91c4-4c2e-8d5b-6a2f1e9c4d37)')).toBe(true);
    expect(run.out[2]).toBe('would raise 2 alerts from 10 events');
  });

  it('prints one document with --json: counts, the first matching events, the correlation alerts', async () => {
    const run = await quell(['rules', 'backtest', '--rule', join(rulesDir, 'brute-force.yml'), '--rules-dir', rulesDir, '--from', '2026-11-28T09:00:00Z', '--to', '2026-11-28T12:00:00Z', '--json']);
    expect(run.code).toBe(0);
    expect(run.out).toHaveLength(1);
    const document = JSON.parse(run.out[0]);
    expect(document).toMatchObject({ ruleId: '0b7e3f6a-91c4-4c2e-8d5b-6a2f1e9c4d37', from: '2026-11-28T09:00:00.000Z', tenant: null, eventsScanned: 10, matches: 9, alerts: 2, stoppedBy: null });
    expect(document.sample.map((e: Event) => e.id)).toEqual(SEEDED.filter((e) => e.outcome === 'failure').sort((a, b) => a.time - b.time).map((e) => e.id));
    expect(document.correlationAlerts.map((a: { tenant: string; first: string }) => [a.tenant, a.first])).toEqual([
      ['acme', '2026-11-28T10:02:00.000Z'],
      ['acme', '2026-11-28T11:02:00.000Z'],
    ]);
  });

  it('raises none over a range that excludes the seeded events', async () => {
    const run = await quell(['rules', 'backtest', '--rule', join(rulesDir, 'brute-force.yml'), '--rules-dir', rulesDir, '--from', '-30m', '--to', 'now']);
    expect(run).toEqual({ code: 0, out: ['would raise 0 alerts from 0 events'], err: [] });
  });

  it('lists each detection hit with time, event id, host and user, for one tenant', async () => {
    const run = await quell(['rules', 'backtest', '--rule', join(rulesDir, 'auth/failed-logon.yml'), '--from', '2026-11-28', '--to', '2026-11-29', '--tenant', 'globex']);
    expect(run.code).toBe(0);
    expect(run.out).toEqual([
      `2026-11-28T10:00:30.000Z  ${SEEDED[8].id}  host=bastion-1  user=root  tenant=globex  Failed logon (6f4c8a52-2b1e-4d8f-9a61-3c0d7e5b9f10)`,
      `2026-11-28T10:01:30.000Z  ${SEEDED[9].id}  host=bastion-1  user=root  tenant=globex  Failed logon (6f4c8a52-2b1e-4d8f-9a61-3c0d7e5b9f10)`,
      'would raise 2 alerts from 2 events',
    ]);
  });

  it('runs a correlation whose referenced rule sits in the same file, and a window cut by --from', async () => {
    const both = write(join(tmpdir(), `quell-backtest-${randomUUID()}.yml`), `${FAILED_LOGON}---\n${BRUTE_FORCE}`);
    // From 10:01 the first burst has only two failures left in range; the 11:00 burst still counts.
    const run = await quell(['rules', 'backtest', '--rule', both, '--from', '2026-11-28T10:01:00Z', '--to', '2026-11-28T12:00:00Z', '--tenant', 'acme']);
    expect(run.code).toBe(0);
    expect(run.out).toHaveLength(2);
    expect(run.out[0]).toContain(`first=2026-11-28T11:02:00.000Z`);
    expect(run.out[1]).toBe('would raise 1 alerts from 7 events');
  });

  it('exits 2 with file and line when the rule or a reference is rejected, 1 on bad usage', async () => {
    const dangling = await quell(['rules', 'backtest', '--rule', join(rulesDir, 'brute-force.yml'), '--from', '-1d', '--to', 'now']);
    expect(dangling.code).toBe(2);
    expect(dangling.err[0]).toMatch(/brute-force\.yml:7: correlation 0b7e3f6a-91c4-4c2e-8d5b-6a2f1e9c4d37 references "failed_logon", which no loaded rule has as id or name$/);
    const broken = write(join(tmpdir(), `quell-backtest-${randomUUID()}.yml`), FAILED_LOGON.replace('level: low', 'level: loud'));
    expect((await quell(['rules', 'backtest', '--rule', broken, '--from', '-1d', '--to', 'now'])).code).toBe(2);
    expect((await quell(['rules', 'backtest', '--rule', broken, '--from', 'yesterday', '--to', 'now'])).code).toBe(1);
    expect((await quell(['rules', 'backtest', '--rule', broken, '--from', 'now', '--to', '-1h'])).code).toBe(1);
    expect((await quell(['rules', 'backtest', '--rule', broken])).code).toBe(1);
  });

  it('says in one line that another process (a running all-in-one) holds the data directory, and exits 1', async () => {
    const held = mkdtempSync(join(tmpdir(), 'quell-backtest-held-'));
    const errors: string[] = [];
    // Another process opens the directory, as the all-in-one does, and keeps it.
    const holder = spawn(process.execPath, ['-e', `const { Session } = require('chdb'); new Session(${JSON.stringify(held)}); console.log('held'); setInterval(() => undefined, 1000);`], { cwd: join(__dirname, '..', '..', '..', '..') });
    try {
      await new Promise<void>((done, fail) => {
        holder.stdout.on('data', () => done());
        holder.on('exit', (code) => fail(new Error(`the holder exited ${code}`)));
      });
      const run = await runCli(['rules', 'backtest', '--rule', join(rulesDir, 'auth/failed-logon.yml'), '--from', '-1d', '--to', 'now'], {
        read: (p) => readFile(p, 'utf8'),
        now: () => at('12:00:00'),
        out: () => undefined,
        err: (line) => errors.push(line),
        env: { CLICKHOUSE_DATA_DIR: held },
      } as Parameters<typeof runCli>[1]);
      expect(run).toBe(1);
      expect(errors).toEqual([
        `quell: cannot open the embedded engine at ${held}: another process (a running all-in-one?) holds it; set QUELL_API_KEY (or --api-key-file) to run the backtest on the all-in-one at http://127.0.0.1:8080 (QUELL_URL or --server), stop it, or set CLICKHOUSE_URL to a ClickHouse server`,
      ]);
    } finally {
      holder.kill();
    }
  });
});
