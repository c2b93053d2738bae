import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { portFree } from './faults/process-group';
import { waitFor } from './wait-for';

export interface LocalRedisCluster {
  /** `redis+cluster://127.0.0.1:<p1>,…`, as createRedisClient takes it. */
  url: string;
  stop(): Promise<void>;
}

const SLOTS = 16384;

/**
 * A throwaway Redis Cluster of `masters` nodes (redis-server from PATH, no persistence), its slots
 * split evenly, ready once every node reports cluster_state:ok. Each node also needs its port +
 * 10000 free for the cluster bus.
 */
export async function startRedisCluster(masters = 3): Promise<LocalRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'quell-redis-cluster-'));
  const ports = await clusterPorts(masters);
  const servers: ChildProcess[] = ports.map((port) =>
    spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' }),
  );
  const clients = ports.map((port) => new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, retryStrategy: () => 100 }));
  const stop = async () => {
    clients.forEach((client) => client.disconnect());
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => (server.exitCode !== null ? resolve() : (server.once('exit', () => resolve()), server.kill('SIGKILL'))))));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(clients.map((client) => waitFor(async () => ((await client.ping()) === 'PONG' ? true : undefined), { description: 'redis-server to accept connections', timeoutMs: 20_000 })));
    await Promise.all(
      clients.map((client, i) => client.call('CLUSTER', 'ADDSLOTSRANGE', String(Math.floor((i * SLOTS) / masters)), String(Math.floor(((i + 1) * SLOTS) / masters) - 1))),
    );
    await Promise.all(clients.slice(1).map((client) => client.call('CLUSTER', 'MEET', '127.0.0.1', String(ports[0]))));
    const agreed = async () => (await Promise.all(clients.map((client) => client.call('CLUSTER', 'INFO')))).every((info) => String(info).includes('cluster_state:ok'));
    await waitFor(async () => ((await agreed()) ? true : undefined), { description: 'the cluster to agree', timeoutMs: 20_000 });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis+cluster://${ports.map((port) => `127.0.0.1:${port}`).join(',')}`, stop };
}

/** `count` ports free on 127.0.0.1, each with its cluster bus port (port + 10000) free too. */
async function clusterPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    if (!ports.includes(port) && (await portFree(port)) && (await portFree(port + 10_000))) ports.push(port);
  }
  return ports;
}
