// `npm start`: the embedded default on one machine. Brings Node 24 and the dependencies, builds,
// and runs all seven services in one process (in-process bus, embedded ClickHouse, in-memory
// dedup), fed with a small sample event stream.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureDependencies, ensureNodeRuntime, ROOT, run } from './runtime.mjs';

ensureNodeRuntime();
ensureDependencies();
if (run('npx', ['tsc', '-p', 'tsconfig.build.json']) !== 0) process.exit(1);

const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', join('dist', 'out-tsc', 'apps', 'all-in-one', 'src', 'main.js')], {
  cwd: ROOT,
  stdio: 'inherit',
  // The path aliases have no extension, so under the compiled tree they resolve to the .js files.
  env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), TS_NODE_BASEURL: join(ROOT, 'dist', 'out-tsc') },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
