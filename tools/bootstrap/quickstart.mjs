// `npm start`: the embedded default on one machine. Brings Node 24 and the dependencies, builds
// with tsc into dist/out-tsc, and runs the all-in-one process (all seven services in one).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureDependencies, ensureNodeRuntime, log, relaySignalsAndExit, ROOT, run } from './runtime.mjs';

await ensureNodeRuntime();
ensureDependencies();
if (run('npm', ['run', 'build']) !== 0) {
  log('build failed');
  process.exit(1);
}

const outDir = path.join(ROOT, 'dist', 'out-tsc');
const main = path.join(outDir, 'apps', 'all-in-one', 'src', 'main.js');
const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', main], {
  cwd: ROOT,
  stdio: 'inherit',
  // The @quell/* aliases in tsconfig have no extension, so with the base URL moved to the compiled
  // tree they resolve to its .js files; package subpaths (chdb/connection) fall back to node_modules.
  env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), TS_NODE_BASEURL: outDir },
});
// A stop request reaches the services, which shut down gracefully; we exit with their code.
await relaySignalsAndExit(child);
