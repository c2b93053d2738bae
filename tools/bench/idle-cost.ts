// What an idle all-in-one costs: started as `npm start` runs it (no demo stream, no traffic), it
// idles `--seconds`, then idles as long again while every /metrics port is scraped every 5 s, and
// the CPU seconds (/proc/<pid>/stat) and RSS of each phase are printed.
//
//   node -r @swc-node/register tools/bench/idle-cost.ts [--root <checkout>] [--seconds 30]
//
// --root runs another checkout's all-in-one (e.g. a `git worktree` of an older commit, with
// node_modules linked), so that before and after are measured in the same run on the same machine.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePorts } from '@quell/platform-testing';
import { REPO_ROOT } from './pipeline/bench-paths';
import { cpuSeconds, memoryMb } from './pipeline/process-meter';

const SERVICES = 7;
const SCRAPE_EVERY_MS = 5_000;

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function waitReady(urls: string[], exited: () => boolean, logFile: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (const url of urls) {
    for (;;) {
      if (exited() || Date.now() > deadline) throw new Error(`all-in-one not ready:\n${readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}`);
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
      await response?.body?.cancel();
      if (response?.status === 200) break;
      await sleep(250);
    }
  }
}

/** CPU seconds and RSS of `pid` over `seconds`, running `during` meanwhile. */
async function phase(pid: number, seconds: number, during?: () => Promise<void>) {
  const cpuBefore = cpuSeconds(pid) ?? NaN;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    await during?.();
    await sleep(Math.min(SCRAPE_EVERY_MS, Math.max(0, end - Date.now())));
  }
  const cpu = (cpuSeconds(pid) ?? NaN) - cpuBefore;
  return { cpuSeconds: Number(cpu.toFixed(2)), busyPercent: Number(((100 * cpu) / seconds).toFixed(1)), rssMb: Math.round(memoryMb(pid)?.rss ?? NaN) };
}

async function main(): Promise<void> {
  const root = resolve(argument('root', REPO_ROOT));
  const seconds = Number(argument('seconds', '30'));
  const dir = join(tmpdir(), `quell-idle-${randomUUID().slice(0, 6)}`);
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, 'all-in-one.log');
  const port = await freePorts(SERVICES);
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(root, 'apps', 'all-in-one', 'src', 'main.ts')], {
    cwd: root,
    detached: true,
    stdio: ['ignore', fd, fd],
    env: {
      PATH: process.env['PATH'] ?? '',
      SWC_NODE_PROJECT: join(root, 'tsconfig.json'),
      QUELL_DEMO: '0',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      INGEST_API_KEYS: `idle:${randomUUID()}`,
      CLICKHOUSE_DATA_DIR: join(dir, 'clickhouse'),
      LOG_LEVEL: 'warn',
    },
  });
  closeSync(fd);
  let exited = false;
  child.once('exit', () => (exited = true));
  const pid = child.pid;
  if (pid === undefined) throw new Error('all-in-one did not start');
  // One port serves every service since issue 15 (an older checkout's seven: pass --root to compare with one).
  const ports = existsSync(join(root, 'apps', 'all-in-one', 'src', 'single-port.ts')) ? [port] : Array.from({ length: SERVICES }, (_, i) => port + i);
  try {
    await waitReady(ports.map((p) => `http://127.0.0.1:${p}/health/ready`), () => exited, logFile);
    await sleep(5_000); // start-up work (JIT, first merges) out of the figures
    const quiet = await phase(pid, seconds);
    let scrapes = 0;
    let bytes = 0;
    const scraped = await phase(pid, seconds, async () => {
      for (const p of ports) {
        const text = await (await fetch(`http://127.0.0.1:${p}/metrics`)).text();
        scrapes += 1;
        bytes += text.length;
      }
    });
    const result = { root, seconds, quiet, scraped: { ...scraped, scrapes, bytesPerScrape: Math.round(bytes / Math.max(1, scrapes)) } };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
    for (let i = 0; i < 150 && !exited; i++) await sleep(100);
    if (!exited) process.kill(-pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
