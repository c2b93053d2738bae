// The test command (`npm test`, and what .ci/run calls): lint (module boundaries included),
// type-check, the console's build, then every jest test (unit, integration and end to end) in one run against the real
// Kafka broker and Redis server that the jest global setup provides. With arguments only jest
// runs, with those arguments (`npm test -- libs/contracts`). Ends with one line,
// `tests: N passed, M failed`, and a non-zero exit if any step failed.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureChromium } from '../infra/chromium.mjs';
import { ensureKafkaJars } from '../infra/kafka.mjs';
import { ensureRedisServer } from '../infra/redis.mjs';
import { CACHE_DIR, ensureDependencies, ensureNodeRuntime, log, run, timed } from './runtime.mjs';

await ensureNodeRuntime();
const timings = [];
await timed('dependencies', ensureDependencies, timings);

const failures = [];
// Fetch the broker's jars and install redis-server and chromium here, so jest's global setup only starts them.
// Skipped when the caller points the tests at servers of their own.
await timed('test infrastructure', async () => {
  try {
    if (!process.env.KAFKA_BROKERS) await ensureKafkaJars(CACHE_DIR);
    if (!process.env.REDIS_URL) await ensureRedisServer();
    // The console's browser test (apps/all-in-one/src/console.e2e-spec.ts) drives Debian's Chromium.
    process.env.QUELL_CHROMIUM = await ensureChromium();
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    failures.push('test infrastructure');
  }
}, timings);

const jestArgs = process.argv.slice(2);
if (jestArgs.length === 0) {
  await timed('lint', () => run('npx', ['nx', 'run-many', '-t', 'lint', '--outputStyle=static']) === 0 || failures.push('lint'), timings);
  await timed('type-check', () => run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) === 0 || failures.push('type-check'), timings);
  // The web console: its own type-check and Vite build (which fails over the 300 KB gzipped budget).
  await timed('console build', () => run('npm', ['run', 'build:console']) === 0 || failures.push('console build'), timings);
}

mkdirSync(CACHE_DIR, { recursive: true });
const results = path.join(CACHE_DIR, 'jest-results.json');
rmSync(results, { force: true });
await timed('jest', () => run('npx', ['jest', '--ci', '--json', `--outputFile=${results}`, ...jestArgs]) === 0 || failures.push('jest'), timings);

let passed = 0;
let failed = 0;
if (existsSync(results)) {
  const summary = JSON.parse(readFileSync(results, 'utf8'));
  passed = summary.numPassedTests;
  // A suite that cannot even load (syntax error, failing import) has no tests but is a failure.
  failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
} else if (failures.includes('jest')) {
  log('jest wrote no results (it failed before running tests; see its output above)');
}
log(`timings: ${timings.map(({ name, seconds }) => `${name} ${seconds.toFixed(1)} s`).join(', ')}`);
if (failures.length > 0) log(`failed steps: ${failures.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failures.length > 0 ? 1 : 0);
