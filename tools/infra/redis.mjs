// A throwaway Redis server for tests: `redis-server` from PATH (installed with apt when missing
// and we are root), on a free loopback port, with no persistence. Plain Node, no npm deps.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { Socket } from 'node:net';
import path from 'node:path';
import { freePort, run, spawnService, stopService, waitUntilReady } from './process.mjs';

function findOnPath(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * @returns {Promise<string>} the path of redis-server
 */
export async function ensureRedisServer() {
  const found = findOnPath('redis-server');
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error('redis-server is not on PATH. Install it (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_URL to a running Redis.');
  }
  console.error('[infra] redis-server is not on PATH; installing Debian\'s redis-server with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'redis-server'], { env });
  try {
    await install();
  } catch {
    // Usually a fresh machine whose package lists were never downloaded.
    await run('apt-get', ['update', '-q'], { env });
    await install();
  }
  const installed = findOnPath('redis-server');
  if (!installed) throw new Error('apt-get installed redis-server but it is still not on PATH');
  return installed;
}

/** Sends PING and resolves true on +PONG. */
function ping(port, timeoutMs = 1000) {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let reply = '';
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error('PING timed out'));
    });
    socket.once('error', reject);
    socket.on('data', (chunk) => {
      reply += chunk;
      if (!reply.includes('\r\n')) return;
      socket.destroy();
      resolve(reply.startsWith('+PONG'));
    });
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

/**
 * @returns {Promise<{ url: string, pid: number, logFile: string, stop: () => Promise<void> }>}
 */
export async function startRedis({ dataDir, timeoutMs = 20000 }) {
  const server = await ensureRedisServer();
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const logFile = path.join(dataDir, 'redis.log');
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--daemonize', 'no',
    // Test data lives and dies with the run.
    '--save', '', '--appendonly', 'no',
  ];
  const service = spawnService(server, args, { cwd: dataDir, logFile });
  await waitUntilReady('Redis server', service, logFile, () => ping(port), timeoutMs);
  return { url: `redis://127.0.0.1:${port}`, pid: service.child.pid, logFile, stop: () => stopService(service) };
}
