import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findQuickstart, runRunCommand } from './run-command';

const dir = mkdtempSync(join(tmpdir(), 'quell-cli-run-'));

/** A stand-in for quickstart.mjs that notes its arguments and exits with `code`. */
function quickstart(code: number): { script: string; argsFile: string } {
  const argsFile = join(dir, `args-${code}.json`);
  const script = join(dir, `quickstart-${code}.mjs`);
  writeFileSync(script, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(argsFile)}, JSON.stringify(process.argv.slice(2)));\nprocess.exit(${code});\n`);
  return { script, argsFile };
}

async function run(args: string[], script?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRunCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l), quickstart: script });
  return { code, out, err };
}

describe('quell run', () => {
  it('runs the quickstart with --demo passed through and exits with its code', async () => {
    const stand = quickstart(3);
    const result = await run(['--demo'], stand.script);
    expect(result.code).toBe(3);
    expect(JSON.parse(readFileSync(stand.argsFile, 'utf8'))).toEqual(['--demo']);
  });

  it('refuses a flag the all-in-one would ignore, starting nothing (exit 1)', async () => {
    const stand = quickstart(0);
    const result = await run(['--port', '9000'], stand.script);
    expect(result.code).toBe(1);
    expect(result.err[0]).toBe('quell: unknown argument "--port" for run');
    expect(() => readFileSync(stand.argsFile)).toThrow();
  });

  it('--help shows the usage without starting anything', async () => {
    const result = await run(['--help'], join(dir, 'never-run.mjs'));
    expect(result.code).toBe(0);
    expect(result.out[0]).toMatch(/^usage: quell run \[--demo\]/);
  });

  it("finds the checkout's quickstart upward from the CLI's code, as the sources or the build in dist/out-tsc", () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const expected = join(root, 'tools', 'bootstrap', 'quickstart.mjs');
    expect(findQuickstart(__dirname)).toBe(expected);
    expect(findQuickstart(join(root, 'dist', 'out-tsc', 'apps', 'cli', 'src', 'commands'))).toBe(expected);
    expect(findQuickstart(tmpdir())).toBeUndefined();
  });
});
