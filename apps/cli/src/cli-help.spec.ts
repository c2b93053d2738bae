import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@quell/platform-testing';
import { runCli, USAGE } from './cli';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'tools', 'bin', 'quell.js');

async function quell(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), read: async () => '', now: () => 0, env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `quell <command> [<sub>|<sub>…]` as a usage text names them. */
function commandsIn(text: string): [string, string | undefined][] {
  const found: [string, string | undefined][] = [];
  for (const [, command, subs] of text.matchAll(/quell ([a-z]+)(?: ([a-z]+(?:\|[a-z]+)*)(?![\w-]))?/g)) {
    found.push([command, undefined]);
    for (const sub of subs?.split('|') ?? []) found.push([command, sub]);
  }
  return found;
}

describe('--help on every command and subcommand', () => {
  it('exits 0 with the usage on standard output and nothing on standard error', async () => {
    const seen = new Set<string>();
    const queue = commandsIn(USAGE);
    // Each command's own usage may name subcommands the top-level one does not: walk those too.
    while (queue.length > 0) {
      const [command, sub] = queue.shift()!;
      const key = `${command} ${sub ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const args = sub ? [command, sub, '--help'] : [command, '--help'];
      const run = await quell(args);
      expect({ args, code: run.code, err: run.err }).toEqual({ args, code: 0, err: '' });
      expect(run.out).toMatch(new RegExp(`^usage: quell ${command}`));
      if (!sub) queue.push(...commandsIn(run.out).filter(([c]) => c === command));
    }
    // The walk reached every command and the subcommands of those that have them.
    for (const expected of ['normalize', 'rules check', 'rules test', 'rules backtest', 'schemas register', 'keys hash', 'keys new', 'changes add', 'changes import', 'incidents list', 'incidents resolve', 'query', 'replay', 'run']) {
      expect([...seen].map((k) => k.trim())).toContain(expected);
    }
  });

  it('-h anywhere on the line, and quell --help itself, exit 0', async () => {
    expect((await quell(['replay', 'some-file', '--rate', '5', '-h'])).code).toBe(0);
    expect((await quell(['--help'])).code).toBe(0);
    expect((await quell(['help'])).out).toBe(USAGE);
  });

  it('an unknown command is a usage error: exit 1, one line and the usage on standard error', async () => {
    const run = await quell(['frobnicate']);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err.split('\n')[0]).toBe('quell: unknown command "frobnicate"');
  });
});

describe('the README\'s exit-code table', () => {
  it('has a row per command whose codes are the ones its --help names', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Command line\n'), readme.indexOf('\n## Architecture\n'));
    const rows = [...section.matchAll(/^\| `([a-z]+)[^|]*\| ([^|]+) \| ([^|]+) \| ([^|]+) \|$/gm)];
    expect(rows.map((row) => row[1]).filter((name, i, all) => all.indexOf(name) === i)).toEqual(['normalize', 'rules', 'schemas', 'keys', 'changes', 'incidents', 'query', 'replay', 'run']);
    for (const [, command, ...columns] of rows) {
      const help = (await quell([command, '--help'])).out;
      const exitText = help.slice(help.indexOf('exit codes:'));
      columns.forEach((text, code) => {
        // A code the table gives is one the usage names, and one it leaves out ("—") is not named.
        if (text.trim() === '—') expect({ command, code, named: new RegExp(`\\b${code} [a-z]`).test(exitText) }).toEqual({ command, code, named: false });
        else expect({ command, code, named: exitText.includes(`${code} `) }).toEqual({ command, code, named: true });
      });
    }
  });
});

describe('the installed bin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quell-cli-help-'));

  it('exits 0 on --help, quietly with 0 when the reader stops early (EPIPE), and 1 with one line when a file or server is missing', async () => {
    const port = await freePort();
    const many = join(dir, 'many.ndjson');
    writeFileSync(many, '{"message":"x"}\n'.repeat(20_000));
    // bash's PIPESTATUS gives quell's own exit code, not head's.
    const script = [
      `"${process.execPath}" "${BIN}" replay --help | head -1 >/dev/null; echo "help \${PIPESTATUS[0]}"`,
      `"${process.execPath}" "${BIN}" normalize "${many}" | head -1 >/dev/null; echo "epipe \${PIPESTATUS[0]}"`,
      `"${process.execPath}" "${BIN}" replay "${join(dir, 'missing')}" 2>&1 >/dev/null | head -1; echo "missing \${PIPESTATUS[0]}"`,
      // Nothing listens there: one line on standard error (no progress line: it is not a terminal), exit 1.
      `QUELL_API_KEY=k "${process.execPath}" "${BIN}" replay "${many}" --target http://127.0.0.1:${port} 2>&1; echo "refused $?"`,
    ].join('\n');
    const run = spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').filter(Boolean)).toEqual(['help 0', 'epipe 0', expect.stringMatching(/^quell: cannot read .*missing: ENOENT/), 'missing 1', `quell: cannot reach 127.0.0.1:${port}: fetch failed (ECONNREFUSED)`, 'refused 1']);
  });
});
