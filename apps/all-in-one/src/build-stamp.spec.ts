// tools/bootstrap/build-stamp.mjs (what `npm start` uses to skip an unneeded build), run as the
// ES module it is, over a small tree of its own.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MODULE = join(__dirname, '..', '..', '..', 'tools', 'bootstrap', 'build-stamp.mjs');

function stampOf(root: string): string {
  const code = `import { inputsStamp } from ${JSON.stringify(MODULE)}; process.stdout.write(inputsStamp(${JSON.stringify(root)}));`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }).stdout;
}

function current(root: string, record: boolean): string {
  const outDir = join(root, 'dist');
  const entry = join(outDir, 'main.js');
  const code = `import { buildIsCurrent, inputsStamp, recordBuild } from ${JSON.stringify(MODULE)};
    const stamp = inputsStamp(${JSON.stringify(root)});
    const was = buildIsCurrent(${JSON.stringify(outDir)}, stamp, ${JSON.stringify(entry)});
    if (${record}) recordBuild(${JSON.stringify(outDir)}, stamp);
    process.stdout.write(String(was));`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }).stdout;
}

function write(root: string, file: string, text: string): void {
  mkdirSync(join(root, file, '..'), { recursive: true });
  writeFileSync(join(root, file), text);
}

describe('npm start builds only when a source changed', () => {
  it('skips the build after one of the same inputs, and builds again after a source, config or lock change', () => {
    const root = mkdtempSync(join(tmpdir(), 'quell-stamp-'));
    write(root, 'libs/a/src/a.ts', 'export const a = 1;\n');
    write(root, 'tsconfig.base.json', '{}');
    write(root, 'dist/main.js', '');
    expect(current(root, true)).toBe('false');
    expect(current(root, false)).toBe('true');

    write(root, 'libs/a/src/a.spec.ts', 'test');
    write(root, 'libs/a/node_modules/x/index.ts', '');
    expect(current(root, false)).toBe('true');

    const before = stampOf(root);
    utimesSync(join(root, 'libs/a/src/a.ts'), new Date(), new Date(Date.now() + 5_000));
    expect(stampOf(root)).not.toBe(before);
    expect(current(root, true)).toBe('false');
    write(root, 'apps/new/src/main.ts', '');
    expect(current(root, true)).toBe('false');
    write(root, 'package-lock.json', '{}');
    expect(current(root, true)).toBe('false');
    expect(current(root, false)).toBe('true');
  });
});

describe('npm start builds the console only when its sources changed', () => {
  function consoleStamp(root: string): string {
    const code = `import { consoleInputsStamp } from ${JSON.stringify(MODULE)}; process.stdout.write(consoleInputsStamp(${JSON.stringify(root)}));`;
    return spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }).stdout;
  }

  it('follows its pages, styles and lock file, not its own output', () => {
    const root = mkdtempSync(join(tmpdir(), 'quell-console-stamp-'));
    write(root, 'apps/console/src/main.tsx', 'render()');
    write(root, 'package-lock.json', '{}');
    const first = consoleStamp(root);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    write(root, 'apps/console/dist/assets/index-1.js', 'built');
    write(root, 'apps/console/node_modules/.vite/x', '');
    expect(consoleStamp(root)).toBe(first);
    write(root, 'apps/console/src/style.css', 'body {}');
    expect(consoleStamp(root)).not.toBe(first);
  });
});
