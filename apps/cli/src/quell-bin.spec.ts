import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'tools', 'bin', 'quell.js');
const dir = mkdtempSync(join(tmpdir(), 'quell-cli-'));

function quell(args: string[], input?: string) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, events: run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

function sample(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const LOGIN = {
  '@timestamp': '2024-05-01T10:00:00Z',
  event: { category: 'authentication', action: 'logon', outcome: 'failure' },
  host: { name: 'web-1' },
  user: { name: 'bob' },
  source: { ip: '10.0.0.5', port: 51000 },
  destination: { ip: '10.0.0.9' },
};

describe('quell normalize (the installed bin)', () => {
  it('prints one ECS-named JSON object per record and exits 0 when all parse', () => {
    const file = sample('ok.json', `${JSON.stringify(LOGIN, null, 2)}\n[${JSON.stringify({ message: 'x' })}]\n`);
    const run = quell(['normalize', '--source', 'edge', '--tenant', 'acme', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.events).toHaveLength(2);
    expect(run.events[0]).toMatchObject({
      '@timestamp': '2024-05-01T10:00:00.000Z',
      'event.category': 'authentication',
      'event.action': 'logon',
      'event.outcome': 'failure',
      'host.name': 'web-1',
      'user.name': 'bob',
      'source.ip': '10.0.0.5',
      'source.port': 51000,
      'destination.ip': '10.0.0.9',
      'organization.id': 'acme',
      'event.provider': 'edge',
    });
  });

  it('reads standard input, reports each rejected record with its line on stderr, and exits 2', () => {
    const run = quell(['normalize', '-'], `${JSON.stringify(LOGIN)}\n{"broken\n${JSON.stringify(LOGIN)}\n`);
    expect(run.code).toBe(2);
    expect(run.events).toHaveLength(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^line 2: .+/)]);
  });

  it('refuses a record nested 5,000 levels deep with its line and reason, keeping the others (exit 2)', () => {
    const deep = `${'{"x":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const run = quell(['normalize', '-'], `${JSON.stringify(LOGIN)}\n${deep}\n[${JSON.stringify(LOGIN)},${deep}]\n`);
    expect(run.code).toBe(2);
    expect(run.events).toHaveLength(2);
    expect(run.stderr.trim().split('\n')).toEqual(['line 2: JSON is nested more than 100 levels deep', 'line 3: JSON is nested more than 100 levels deep']);
  });

  it('detects text formats per line (syslog 3164 and 5424, CEF) and honours --format', () => {
    const file = sample(
      'mixed.log',
      [
        '<34>Oct 11 22:14:15 mymachine sshd[123]: Failed password for invalid user admin from 203.0.113.9 port 52211 ssh2',
        'CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232',
        '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 - An application event',
      ].join('\n'),
    );
    const run = quell(['normalize', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.events[0]).toMatchObject({ 'source.ip': '203.0.113.9', 'event.outcome': 'failure' });
    expect(run.events[1]).toMatchObject({ 'source.ip': '10.0.0.1', 'source.port': 1232, 'destination.ip': '2.1.2.2' });
    expect(run.events[2]).toMatchObject({ '@timestamp': '2003-10-11T22:14:15.003Z', 'host.name': 'mymachine.example.com' });
    expect(quell(['normalize', '--format', 'cef', file]).code).toBe(2);
  });

  it('exits 1 with the usage on a usage error', () => {
    for (const args of [['normalize'], ['normalize', '--format', 'nope', '-'], ['frobnicate'], ['normalize', '--bogus', '-']]) {
      const run = quell(args);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/usage: quell normalize/);
      expect(run.stdout).toBe('');
    }
  });

  it('exits 1 with one line, no usage, when the file cannot be read', () => {
    const run = quell(['normalize', join(dir, 'missing')]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^quell: cannot read .*missing: ENOENT/)]);
  });
});

describe('quell and a reader that stops early', () => {
  it('normalize | head -1 prints one line and exits quietly, without EPIPE', () => {
    const many = sample('many.json', `${JSON.stringify(LOGIN)}\n`.repeat(20_000));
    const run = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" normalize "${many}" | head -1; echo "exit $(( $? ))"`], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });
});
