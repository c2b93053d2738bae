// Shared by `npm test` and `npm start`. Runs under whatever Node the machine has (20 on a fresh
// one) with no npm deps: brings Quell's runtime, Node 24 LTS from the npm registry's
// node-<platform>-<arch> package, then the project's dependencies, then runs commands with it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE_DIR = path.join(ROOT, '.cache');
const NODE_MAJOR = '24';
const NODE_PACKAGE = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
const NODE_PREFIX = path.join(CACHE_DIR, 'node');
const NODE_BIN_DIR = path.join(NODE_PREFIX, 'node_modules', NODE_PACKAGE, 'bin');

export function log(message) {
  console.error(`[bootstrap] ${message}`);
}

/** Runs `step` and logs how long it took; returns its result. */
export async function timed(name, step, timings) {
  const started = Date.now();
  try {
    return await step();
  } finally {
    const seconds = (Date.now() - started) / 1000;
    timings?.push({ name, seconds });
    log(`${name}: ${seconds.toFixed(1)} s`);
  }
}

/** Runs a command from the repository root with output passed through; returns its exit status. */
export function run(command, args, env = {}) {
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', ...env } });
  if (result.error) log(`could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

/**
 * Forwards a stop request to `child` and exits with its status once it ends. Ctrl-C already
 * reaches the child through the terminal's process group, so SIGINT is swallowed here rather than
 * sent twice (a second SIGINT would cut a graceful shutdown short).
 */
export function relaySignalsAndExit(child) {
  process.on('SIGINT', () => undefined);
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    log(`could not start ${child.spawnfile}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return new Promise(() => undefined); // never settles: the process ends with the child
}

/**
 * Makes sure this script runs on Node 24: returns when it already does; otherwise installs Node
 * 24 into .cache/node (once), re-executes the same script and arguments with it (its bin
 * directory first on PATH, so npm, npx and child processes use it too) and exits with its status.
 */
export async function ensureNodeRuntime() {
  if (process.versions.node.split('.')[0] === NODE_MAJOR) return;
  const node = path.join(NODE_BIN_DIR, 'node');
  if (!existsSync(node)) {
    log(`Node ${process.versions.node} found; installing Node ${NODE_MAJOR} LTS (${NODE_PACKAGE}) into .cache/node`);
    mkdirSync(NODE_PREFIX, { recursive: true });
    const started = Date.now();
    const status = run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', NODE_PREFIX, `${NODE_PACKAGE}@${NODE_MAJOR}`]);
    if (status !== 0 || !existsSync(node)) {
      log(`could not install ${NODE_PACKAGE}@${NODE_MAJOR}; install Node ${NODE_MAJOR} and retry`);
      process.exit(1);
    }
    log(`Node ${NODE_MAJOR} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const child = spawn(node, process.argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${NODE_BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}` },
  });
  await relaySignalsAndExit(child);
}

/**
 * `npm ci` when node_modules is missing or older than package-lock.json. Should npm ci refuse the
 * lock, `npm install` installs the locked versions instead, and the run fails only if that had to
 * change the lock, which means the lock really is out of date.
 *
 * chdb's optional platform builds other than linux-x64 (@chdb/lib-darwin-*, lib-linux-arm64-gnu)
 * are not served by every npm mirror, so npm cannot write their lock entries there; the lock holds
 * them by hand (version, os, cpu; no integrity). Without them npm ci refused every lock.
 */
export function ensureDependencies() {
  const installed = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing dependencies (npm ci)');
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, encoding: 'utf8', env: process.env });
  // npm prints its whole usage text after a refusal; the reason is above it.
  const output = `${ci.stdout ?? ''}${ci.stderr ?? ''}`.split('\nnpm error Clean install a project')[0].trimEnd();
  if (output) console.error(output);
  if (ci.status === 0) return;
  log('npm ci failed; installing the locked versions with npm install');
  const locked = readFileSync(lock);
  const status = run('npm', ['install', '--no-audit', '--no-fund']);
  if (!readFileSync(lock).equals(locked)) {
    writeFileSync(lock, locked);
    log('package-lock.json does not match package.json: run `npm install` and commit the lock file');
    process.exit(1);
  }
  if (status !== 0) {
    log('npm install failed');
    process.exit(1);
  }
}
