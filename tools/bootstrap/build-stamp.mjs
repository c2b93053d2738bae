// `npm start` builds only when an input of the build changed: a stamp (a hash over the path, size
// and modification time of every input) is written into the output directory after a build, and
// a start whose inputs hash the same skips `npm run build`. Tests and benchmarks are not inputs.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SOURCE_DIRS = ['apps', 'libs'];
const INPUT_FILES = ['tsconfig.base.json', 'tsconfig.build.json', 'package-lock.json', path.join('tools', 'build', 'build.mjs')];
const NOT_BUILT = /\.(spec|int-spec|e2e-spec)\.ts$/;
const STAMP_FILE = '.build-stamp';

/** The hash of the build's inputs under `root` as they are now. */
export function inputsStamp(root) {
  const files = [...INPUT_FILES.filter((file) => existsSync(path.join(root, file)))];
  for (const dir of SOURCE_DIRS) {
    if (!existsSync(path.join(root, dir))) continue;
    for (const entry of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || NOT_BUILT.test(entry.name)) continue;
      const file = path.relative(root, path.join(entry.parentPath, entry.name));
      if (!file.split(path.sep).includes('node_modules')) files.push(file);
    }
  }
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    const { size, mtimeMs } = statSync(path.join(root, file));
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex');
}

const CONSOLE_DIR = path.join('apps', 'console');
const CONSOLE_SKIPPED = new Set(['dist', 'node_modules']);

/** The hash of the web console's inputs (apps/console but its output, and the lock file): its build is Vite's, not tsc's. */
export function consoleInputsStamp(root) {
  const files = ['package-lock.json'];
  for (const entry of readdirSync(path.join(root, CONSOLE_DIR), { recursive: true, withFileTypes: true })) {
    const file = path.relative(root, path.join(entry.parentPath, entry.name));
    if (entry.isFile() && !file.split(path.sep).some((part) => CONSOLE_SKIPPED.has(part))) files.push(file);
  }
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    const { size, mtimeMs } = statSync(path.join(root, file));
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** True when `outDir` holds a build of exactly these inputs (and `entry`, the file the start runs). */
export function buildIsCurrent(outDir, stamp, entry) {
  const file = path.join(outDir, STAMP_FILE);
  return existsSync(entry) && existsSync(file) && readFileSync(file, 'utf8').trim() === stamp;
}

/** Records that `outDir` now holds a build of these inputs. */
export function recordBuild(outDir, stamp) {
  writeFileSync(path.join(outDir, STAMP_FILE), `${stamp}\n`);
}
