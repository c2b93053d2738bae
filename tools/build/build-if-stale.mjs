// Builds dist/out-tsc (`npm run build`) unless it already holds a build of the current sources.
// `npm start` does this before it runs the all-in-one, and the benchmark before it starts the
// services it measures: both run the compiled code the image runs, not the sources through a
// TypeScript loader. As a script it exits 0 when the build is current or made, 1 when tsc failed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsCurrent, inputsStamp } from '../bootstrap/build-stamp.mjs';

// Not import.meta.dirname: `npm start` loads this under whatever Node the machine has, before it
// switches to Node 24.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD_DIR = path.join(ROOT, 'dist', 'out-tsc');
// One tsc run builds every app; the stamp covers all their sources, so one entry stands for all.
const ALL_IN_ONE = path.join(BUILD_DIR, 'apps', 'all-in-one', 'src', 'main.js');

/**
 * 'current' when no source changed since the last build, 'built' after a build, 'failed' when tsc
 * failed (its output is on stderr). `announce` is told before a build starts.
 */
export function buildIfStale(announce = (_message) => {}) {
  if (buildIsCurrent(BUILD_DIR, inputsStamp(ROOT), ALL_IN_ONE)) return 'current';
  announce('building dist/out-tsc (npm run build): a source changed since the last build');
  // build.mjs records the stamp it took before compiling.
  const build = spawnSync(process.execPath, [path.join(ROOT, 'tools', 'build', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  return build.status === 0 ? 'built' : 'failed';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(buildIfStale((message) => console.log(message)) === 'failed' ? 1 : 0);
}
