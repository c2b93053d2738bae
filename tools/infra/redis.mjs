// A real Redis server for the tests: Debian's redis-server, installed when missing (as root).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, killGroup, waitForPort } from './net.mjs';

function which(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

export function ensureRedisServer() {
  const found = which('redis-server');
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error('redis-server is not installed; install Debian\'s redis-server package (or set REDIS_URL)');
  }
  console.error('[infra] installing Debian\'s redis-server');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return which('redis-server') ?? '/usr/bin/redis-server';
}

function ping(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => (socket.destroy(), resolve(data.toString().startsWith('+PONG'))));
    socket.once('error', () => resolve(false));
  });
}

export async function startRedis() {
  const binary = ensureRedisServer();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'quell-redis-'));
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  await waitForPort(port, 20_000);
  if (!(await ping(port))) throw new Error(`redis-server on port ${port} does not answer PING`);
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      killGroup(child);
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
