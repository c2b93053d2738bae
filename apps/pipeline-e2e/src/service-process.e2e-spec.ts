import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { requireKafkaBrokers, requireRedisUrl, waitFor } from '@quell/platform-testing';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs a service the way a pod does: its own process, configured by the environment. */
function runService(name: string, env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps', name, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

describe('a service process', () => {
  it('refuses to start on bad configuration, naming every bad key', async () => {
    const run = runService('deduper', { BUS: 'kafka', HTTP_PORT: 'eighty', DEDUP_WINDOW_MS: '5' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/KAFKA_BROKERS: required when BUS=kafka/);
    expect(run.output()).toMatch(/HTTP_PORT: .*"eighty"/);
    expect(run.output()).toMatch(/DEDUP_WINDOW_MS/);
  });

  it('becomes ready when Kafka and Redis answer, and on SIGTERM drains, closes and exits 0', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const run = runService('deduper', {
      BUS: 'kafka',
      KAFKA_BROKERS: requireKafkaBrokers().join(','),
      REDIS_URL: requireRedisUrl(),
      TOPIC_PREFIX: `proc-${randomUUID().slice(0, 8)}.`,
      HTTP_PORT: String(port),
      LOG_LEVEL: 'info',
    });
    const ready = await waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
        return response?.status === 200 ? ((await response.json()) as { checks: Record<string, unknown> }) : undefined;
      },
      { timeoutMs: 60_000, description: 'the deduper to be ready' },
    );
    // One check per consumer group the service owns, beside its clients.
    expect(Object.keys(ready.checks).sort()).toEqual(['bus', 'consumer:quell.deduper', 'redis']);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/quell_handler_duration_seconds/);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const lines = run.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; service: string });
    expect(lines.every((l) => l.service === 'deduper')).toBe(true);
    const messages = lines.map((l) => l.msg);
    expect(messages.indexOf('SIGTERM received, shutting down')).toBeLessThan(messages.indexOf('deduper stopped'));
  });
});
