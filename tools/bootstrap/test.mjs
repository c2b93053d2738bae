// The test command (`npm test`): lint (module boundaries included), type-check, then every jest
// test, unit, integration and end to end, against a real Kafka broker and Redis server that the
// jest global setup starts (or finds through KAFKA_BROKERS / REDIS_URL). With arguments, only jest
// runs, with those arguments (e.g. `npm test -- libs/contracts`).
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, ensureNodeRuntime, ROOT, run } from './runtime.mjs';

ensureNodeRuntime();
ensureDependencies();

const jestArgs = process.argv.slice(2);
const failures = [];
if (jestArgs.length === 0) {
  if (run('npx', ['nx', 'run-many', '-t', 'lint', '--outputStyle=static']) !== 0) failures.push('lint');
  if (run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) !== 0) failures.push('typecheck');
}
mkdirSync(join(ROOT, '.cache'), { recursive: true });
const results = join(ROOT, '.cache', 'jest-results.json');
if (run('npx', ['jest', '--ci', '--json', `--outputFile=${results}`, ...jestArgs]) !== 0) failures.push('jest');

let passed = 0;
let failed = 0;
if (existsSync(results)) {
  const summary = JSON.parse(readFileSync(results, 'utf8'));
  passed = summary.numPassedTests;
  failed = summary.numFailedTests + (summary.numRuntimeErrorTestSuites ?? 0);
}
if (failures.length) console.error(`[test] failed steps: ${failures.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
