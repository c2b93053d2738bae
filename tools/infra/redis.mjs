// A throwaway Redis server for tests: `redis-server` from PATH (installed with apt when missing
// and we are root), on a free loopback port, with no persistence unless asked for. Plain Node, no npm deps.
import { mkdirSync } from 'node:fs';
import { Socket } from 'node:net';
import path from 'node:path';
import { ensureDebianCommand } from './apt.mjs';
import { freePort, killService, signalService, spawnService, stopService, waitUntilReady } from './process.mjs';

/**
 * @returns {Promise<string>} the path of redis-server
 */
export function ensureRedisServer() {
  return ensureDebianCommand({ command: 'redis-server', packageName: 'redis-server', otherwise: 'or set REDIS_URL to a running Redis' });
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

// Persistence a production deployment would choose for the correlator's window state: the
// append-only file, fsynced every second (Redis's recommended trade-off). A stop (SIGTERM) fsyncs
// it, so a restarted server holds every acknowledged write; a crash may lose the last second.
const AOF = ['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''];
// Test data lives and dies with the run.
const NO_PERSISTENCE = ['--save', '', '--appendonly', 'no'];

/**
 * A Redis server that can be paused (SIGSTOP: connections stay open, nothing answers), resumed,
 * stopped and started again on the same port over the same data directory.
 * @param {{ dataDir: string, persistence?: 'none' | 'aof', timeoutMs?: number }} options
 * @returns {Promise<{ url: string, logFile: string, pid: () => number | undefined, running: () => boolean,
 *   start: () => Promise<void>, stop: () => Promise<void>, kill: () => Promise<void>, pause: () => void, resume: () => void }>}
 */
export async function createRedisServer({ dataDir, persistence = 'none', timeoutMs = 20000 }) {
  const server = await ensureRedisServer();
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const logFile = path.join(dataDir, 'redis.log');
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--daemonize', 'no',
    ...(persistence === 'aof' ? AOF : NO_PERSISTENCE),
  ];
  let service;
  let paused = false;
  const running = () => service !== undefined && service.child.exitCode === null && service.child.signalCode === null;
  const resume = () => {
    if (running() && paused) signalService(service, 'SIGCONT');
    paused = false;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    logFile,
    pid: () => (running() ? service.child.pid : undefined),
    running,
    async start() {
      if (running()) return;
      service = spawnService(server, args, { cwd: dataDir, logFile });
      await waitUntilReady('Redis server', service, logFile, () => ping(port), timeoutMs);
    },
    /** A clean shutdown (SIGTERM): Redis fsyncs its AOF, when it has one, before it exits. */
    async stop() {
      resume(); // a stopped process cannot act on SIGTERM
      if (service) await stopService(service);
    },
    async kill() {
      if (service) await killService(service);
      paused = false;
    },
    pause() {
      if (!running()) throw new Error('Redis is not running, so it cannot be paused');
      signalService(service, 'SIGSTOP');
      paused = true;
    },
    resume,
  };
}

/**
 * @returns {Promise<{ url: string, pid: number, logFile: string, stop: () => Promise<void> }>}
 */
export async function startRedis({ dataDir, timeoutMs = 20000 }) {
  const redis = await createRedisServer({ dataDir, timeoutMs });
  await redis.start();
  return { url: redis.url, pid: redis.pid(), logFile: redis.logFile, stop: () => redis.stop() };
}
