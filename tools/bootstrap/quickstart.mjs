// `npm start`: the embedded default on one machine. Brings Node 24 and the dependencies, builds
// into dist/out-tsc (aliases resolved: plain node runs it) when a source changed since the last
// build, and runs the all-in-one process (all seven services in one) with the arguments given
// (`npm start -- --demo`). The web console is built the same way, when its own sources changed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildIfStale } from '../build/build-if-stale.mjs';
import { buildIsCurrent, consoleInputsStamp, recordBuild } from './build-stamp.mjs';
import { ensureDependencies, ensureNodeRuntime, log, relaySignalsAndExit, ROOT, run } from './runtime.mjs';

await ensureNodeRuntime();
ensureDependencies();

const main = path.join(ROOT, 'dist', 'out-tsc', 'apps', 'all-in-one', 'src', 'main.js');
const build = buildIfStale(log);
if (build === 'current') log('build is current (no source changed since the last one)');
if (build === 'failed') {
  log('build failed');
  process.exit(1);
}

// The web console (static files the all-in-one serves at /), built by Vite when its sources changed.
const consoleDist = path.join(ROOT, 'apps', 'console', 'dist');
const consoleStamp = consoleInputsStamp(ROOT);
if (!buildIsCurrent(consoleDist, consoleStamp, path.join(consoleDist, 'index.html'))) {
  if (run('npm', ['run', 'build:console']) === 0) recordBuild(consoleDist, consoleStamp);
  else log('the console build failed (see above); the APIs run without it');
}

const child = spawn(process.execPath, [main, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
// A stop request reaches the services, which shut down gracefully; we exit with their code.
await relaySignalsAndExit(child);
