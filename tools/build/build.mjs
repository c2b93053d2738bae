// `npm run build`: tsc compiles what tsconfig.build.json includes (services and libs, no tests,
// benchmarks or tools) into dist/out-tsc, then tsc-alias rewrites every @quell/* path alias into a
// relative require, so `node dist/out-tsc/apps/<app>/src/main.js` runs with production dependencies
// only (no tsconfig-paths or @swc-node/register). `--out-dir <dir>` builds elsewhere (the
// build-output test does). Exits with tsc's code when compilation fails.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inputsStamp, recordBuild } from '../bootstrap/build-stamp.mjs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const { replaceTscAliasPaths } = require('tsc-alias');

const configFile = path.join(ROOT, 'tsconfig.build.json');
const at = process.argv.indexOf('--out-dir');
const outDir = at >= 0 ? path.resolve(process.argv[at + 1]) : path.join(ROOT, 'dist', 'out-tsc');

// Taken before compiling: a source edited during the build leaves the stamp stale, as it should.
const stampBefore = inputsStamp(ROOT);
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', configFile, '--outDir', outDir], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
await replaceTscAliasPaths({ configFile, outDir });
// What `npm start` and the `quell` bin compare the sources with to know this build is current.
recordBuild(outDir, stampBefore);
