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

  it('exits 1 with the usage on a usage error', () => {
    for (const args of [['normalize'], ['normalize', '--format', 'nope', '-'], ['frobnicate'], ['normalize', '--bogus', '-'], ['normalize', join(dir, 'missing')]]) {
      const run = quell(args);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/usage: quell normalize/);
      expect(run.stdout).toBe('');
    }
  });
});
