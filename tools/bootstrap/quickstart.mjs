// `npm start`: the embedded default on one machine. Brings Node 24 and the dependencies, builds
// into dist/out-tsc (aliases resolved: plain node runs it), and runs the all-in-one process (all
// seven services in one).
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
const child = spawn(process.execPath, [main], { cwd: ROOT, stdio: 'inherit' });
// A stop request reaches the services, which shut down gracefully; we exit with their code.
await relaySignalsAndExit(child);
