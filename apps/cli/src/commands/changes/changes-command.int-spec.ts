import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../../cli';
import { ChangeCalendarServer, KEYS } from './test/change-calendar-server';

/**
 * `quell changes` against the real change-calendar service started in this process (in-process
 * bus, embedded ClickHouse), as a user runs it: flags, files, the key from the environment.
 */
const server = new ChangeCalendarServer();
const dir = mkdtempSync(join(tmpdir(), 'quell-cli-changes-'));
const ROOT = join(__dirname, '..', '..', '..', '..', '..');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function quell(args: string[], key = KEYS.write) {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    out: (l: string) => out.push(l),
    err: (l: string) => err.push(l),
    read: (path: string) => readFile(path, 'utf8'),
    now: () => Date.now(),
    env: { QUELL_URL: server.url, QUELL_API_KEY: key },
  };
  const code = await runCli(['changes', ...args], io);
  return { code, out, err, json: () => JSON.parse(out.join('\n')) as Record<string, any> };
}

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let ticketSeq = 0;
const ticket = () => `CHG-CLI-${process.pid}-${++ticketSeq}`;

/** A change added from flags; answers its id. */
async function add(ref: string, host = 'fw-01', title = 'Firewall maintenance'): Promise<string> {
  const run = await quell(['add', '--title', title, '--ticket', ref, '--host', host, '--start', '2026-03-02 01:00', '--end', '2026-03-02 03:00', '--time-zone', 'Europe/Berlin', '--json']);
  expect(run.code).toBe(0);
  return run.json().change.id as string;
}

describe('quell changes (against the change-calendar API)', () => {
  beforeAll(() => server.start(), 120_000);
  afterAll(() => server.stop());

  it('add from flags reads a wall-clock time in --time-zone and prints the created change', async () => {
    const ref = ticket();
    const run = await quell(['add', '--title', 'Firewall maintenance', '--ticket', ref, '--kind', 'normal', '--owner', 'netops', '--host', 'fw-01', '--host', 'fw-02',
      '--start', '2026-03-02 01:00', '--end', '2026-03-02 03:00', '--time-zone', 'Europe/Berlin']);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out[0]).toMatch(/^created [\w-]+ \(requested, version 1\): Firewall maintenance$/);
    const id = run.out[0].split(' ')[1];
    const shown = await quell(['show', id, '--json']);
    expect(shown.json()).toMatchObject({ id, ticketRef: ref, owner: 'netops', scope: { hosts: ['fw-01', 'fw-02'] } });
    expect(shown.json().windows).toEqual([expect.objectContaining({ start: Date.parse('2026-03-02T01:00:00+01:00'), end: Date.parse('2026-03-02T03:00:00+01:00'), timeZone: 'Europe/Berlin' })]);
  });

  it('add from a YAML file with an RRULE, flags replacing its fields, --json the API answer', async () => {
    const ref = ticket();
    const yaml = file('weekly.yaml', [
      'title: Weekly patching',
      'ticketRef: WILL-BE-REPLACED',
      'kind: standard',
      'owner: platform',
      'scope:',
      '  hosts: [web-*]',
      'windows:',
      '  - start: "2026-03-01T02:00:00+01:00"',
      '    durationMinutes: 120',
      '    timeZone: Europe/Berlin',
      '    rrule: FREQ=WEEKLY;BYDAY=SU;COUNT=10',
    ].join('\n'));
    const run = await quell(['add', '--file', yaml, '--ticket', ref, '--json']);
    expect(run.code).toBe(0);
    const saved = run.json();
    expect(saved.change).toMatchObject({ title: 'Weekly patching', ticketRef: ref, kind: 'standard', status: 'requested', scope: { hosts: ['web-*'] } });
    expect(saved.change.windows[0]).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=SU;COUNT=10', timeZone: 'Europe/Berlin' });
    expect(saved).toHaveProperty('overlaps');
    expect(saved).toHaveProperty('warnings');
  });

  it('a change the server refuses (4xx) is one line naming the field, exit 2; nothing on stdout', async () => {
    const run = await quell(['add', '--title', 'Bad zone', '--host', 'fw-01', '--start', '2026-03-02T01:00:00Z', '--end', '2026-03-02T02:00:00Z', '--time-zone', 'Mars/Olympus']);
    expect(run.code).toBe(2);
    expect(run.out).toEqual([]);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(/^quell: POST \/v1\/changes: 400 invalid change: windows\.0: unknown time zone "Mars\/Olympus"/);

    const missing = await quell(['show', 'no-such-change']);
    expect(missing.code).toBe(2);
    expect(missing.err).toEqual(['quell: GET /v1/changes/no-such-change: 404 no change no-such-change']);
  });

  it('list pages through the cursor with filters, as a table or one JSON document', async () => {
    const ref = ticket();
    const ids = [await add(ref, 'sw-1'), await add(ref, 'sw-2'), await add(ref, 'sw-3')];
    // The server answers 2 per page (CHANGE_SEARCH_MAX_LIMIT): three changes take two pages.
    const json = await quell(['list', '--ticket', ref, '--json'], KEYS.read);
    expect(json.code).toBe(0);
    expect(json.json().changes.map((c: { id: string }) => c.id)).toEqual([...ids].sort());

    const table = await quell(['list', '--ticket', ref], KEYS.read);
    expect(table.code).toBe(0);
    expect(table.out[0]).toMatch(/^ID\s+TICKET\s+STATUS\s+KIND\s+FIRST WINDOW\s+TITLE$/);
    expect(table.out.slice(1)).toHaveLength(3);
    expect(table.out[1]).toContain('2026-03-02 01:00–03:00 Europe/Berlin');

    const byHost = await quell(['list', '--ticket', ref, '--host', 'SW-2', '--status', 'requested', '--json'], KEYS.read);
    expect(byHost.json().changes.map((c: { id: string }) => c.id)).toEqual([ids[1]]);
    const outside = await quell(['list', '--ticket', ref, '--from', '2026-03-03T00:00:00Z', '--to', '2026-03-04T00:00:00Z', '--json'], KEYS.read);
    expect(outside.json()).toEqual({ changes: [] });
    const limited = await quell(['list', '--ticket', ref, '--limit', '1', '--json'], KEYS.read);
    expect(limited.json().changes).toHaveLength(1);
    const badQuery = await quell(['list', '--from', 'yesterday'], KEYS.read);
    expect(badQuery.code).toBe(2);
    expect(badQuery.err).toEqual([expect.stringMatching(/^quell: GET \/v1\/changes: 400 query: from: /)]);
  });

  it('approve with an admin key records who and the comment; show --versions lists both versions; reject', async () => {
    const id = await add(ticket());
    const refused = await quell(['approve', id]);
    expect(refused.code).toBe(2);
    expect(refused.err).toEqual([expect.stringMatching(new RegExp(`^quell: POST /v1/changes/${id}/approve: 403 .*approving a change needs an admin \\(approver\\) key$`))]);

    const approved = await quell(['approve', id, '--comment', 'CAB 2 March'], KEYS.admin);
    expect(approved.code).toBe(0);
    expect(approved.out).toEqual([`approved ${id} by alice (version 2)`]);

    const shown = await quell(['show', id], KEYS.read);
    expect(shown.out).toEqual(expect.arrayContaining([`  status    approved (version 2)`, '  approver  alice', expect.stringMatching(/^ {2}approved by alice at .+: CAB 2 March$/)]));
    // Versions come from the ClickHouse mirror, written just after the topic: read until both are there.
    let versions: { version: number; status: string }[] = [];
    for (let attempt = 0; attempt < 50 && versions.length < 2; attempt++) {
      versions = (await quell(['show', id, '--versions', '--json'], KEYS.read)).json().versions;
      if (versions.length < 2) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(versions.map((v) => [v.version, v.status])).toEqual([[1, 'requested'], [2, 'approved']]);
    const table = await quell(['show', id, '--versions'], KEYS.read);
    expect(table.out).toHaveLength(3);
    expect(table.out[2]).toMatch(/^2\s+approved\s+alice\s/);

    const other = await add(ticket());
    const rejected = await quell(['reject', other, '--comment', 'no rollback plan', '--json'], KEYS.admin);
    expect(rejected.json()).toMatchObject({ id: other, status: 'rejected', approvals: [expect.objectContaining({ by: 'alice', decision: 'rejected', comment: 'no rollback plan' })] });
  });

  it('import --dry-run shows the plan and writes nothing; the import writes, reports the row it cannot read, and exits 2', async () => {
    const first = ticket();
    const second = ticket();
    const csv = file('changes.csv', [
      '"number","short_description","type","state","approval","start_date","end_date","assigned_to","cmdb_ci","sys_updated_on"',
      `"${first}","Firewall rule base upgrade on fw-01","Normal","Scheduled","Approved","2026-03-14 01:00:00","2026-03-14 03:00:00","Dana Ortiz","fw-01","2026-03-10 16:20:11"`,
      `"${second}","Patch payroll","standard","Authorize","requested","2026-03-15 22:00:00","2026-03-16 02:00:00","Lee Chen","Payroll","2026-03-11 09:00:00"`,
      `"${second}-X","No CI given","Normal","Authorize","requested","2026-03-15 22:00:00","2026-03-16 02:00:00","Lee Chen","","2026-03-11 09:00:00"`,
    ].join('\n'));

    const dry = await quell(['import', csv, '--format', 'servicenow-csv', '--time-zone', 'Europe/Berlin', '--dry-run'], KEYS.admin);
    expect(dry.code).toBe(2);
    expect(dry.out[0]).toBe('dry run: nothing written');
    expect(dry.out[1]).toBe('2 to create, 0 to update, 0 unchanged, 1 not importable');
    expect(dry.out).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^\\+ ${first} \\(row 1\\)`)), expect.stringMatching(/^! row 3 .*cmdb_ci/)]));
    expect((await quell(['list', '--ticket', first, '--json'], KEYS.read)).json()).toEqual({ changes: [] });

    const real = await quell(['import', csv, '--format', 'servicenow-csv', '--time-zone', 'Europe/Berlin', '--json'], KEYS.admin);
    expect(real.code).toBe(2);
    expect(real.json()).toMatchObject({ dryRun: false, counts: { create: 2, update: 0, unchanged: 0, errors: 1 } });
    const imported = (await quell(['list', '--ticket', first, '--json'], KEYS.read)).json().changes;
    expect(imported).toEqual([expect.objectContaining({ status: 'approved', approver: 'servicenow', scope: expect.objectContaining({ hosts: ['fw-01'] }) })]);

    const json = file('one.json', JSON.stringify({ records: [{ number: first, short_description: 'Firewall rule base upgrade on fw-01', type: 'Normal', state: 'Scheduled', approval: 'approved', start_date: '2026-03-14 01:00:00', end_date: '2026-03-14 04:00:00', assigned_to: 'Dana Ortiz', cmdb_ci: 'fw-01', sys_updated_on: '2026-03-12 10:00:00' }] }));
    const update = await quell(['import', json, '--format', 'servicenow-json', '--time-zone', 'Europe/Berlin', '--dry-run', '--json'], KEYS.admin);
    expect(update.code).toBe(0);
    expect(update.json()).toMatchObject({ dryRun: true, counts: { create: 0, update: 1 }, written: [] });
  });

  it('usage errors exit 1 with the usage; an unreachable server exits 1 with the reason; the key is never printed', async () => {
    const noKey = await quell(['list'], '');
    expect(noKey.code).toBe(1);
    expect(noKey.err[0]).toBe('quell: an API key is needed: set QUELL_API_KEY or give --api-key-file <file|->');
    const badFormat = await quell(['import', 'x.csv', '--format', 'remedy-csv']);
    expect(badFormat.err[0]).toMatch(/^quell: --format must be one of servicenow-csv, servicenow-json, jira-csv, jira-json$/);
    const noEnd = await quell(['add', '--title', 'x', '--host', 'h', '--start', '2026-03-02 01:00']);
    expect(noEnd.code).toBe(1);
    expect(noEnd.err[0]).toBe('quell: give exactly one of --end and --duration');
    const unknownFlag = await quell(['list', '--bogus']);
    expect(unknownFlag.code).toBe(1);

    const port = await closedPort();
    const down = await quell(['list', '--url', `http://127.0.0.1:${port}`, '--api-key-file', file('key', `${KEYS.read}\n`)]);
    expect(down.code).toBe(1);
    expect(down.err).toEqual([`quell: change calendar 127.0.0.1:${port}: fetch failed (ECONNREFUSED)`]);
    const wrongKey = await quell(['list'], 'not-a-known-key-s3cret');
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.err[0]).toMatch(/^quell: GET \/v1\/changes: 401 /);
    expect(wrongKey.err.join('\n')).not.toContain('s3cret');
  });

  it('the installed command stops quietly when its reader does (quell changes list | head -1)', async () => {
    const ref = ticket();
    // More than a pipe holds (64 KiB), so the command is still writing when head exits.
    const title = `Rolling switch firmware upgrade ${'x'.repeat(250)}`;
    for (let i = 0; i < 300; i++) await add(ref, `sw-${i}`, title);
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', ['-c', `set -o pipefail; "${process.execPath}" tools/bin/quell.js changes list --ticket "${ref}" | head -1`], {
        cwd: ROOT,
        env: { ...process.env, QUELL_URL: server.url, QUELL_API_KEY: KEYS.read },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ID\s+TICKET\s+STATUS/);
  }, 180_000);
});
