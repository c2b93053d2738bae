// The all-in-one as `npm start` runs it, as a child process of a test (sources through SWC, the
// embedded engine, the in-process bus, no broker or Redis), and the helpers every such test needs.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..', '..');
const MAIN = join(__dirname, '..', 'main.ts');

export interface AllInOneRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Every child started, so that a failed test leaves none running (`killAllInOnes` in afterAll). */
const started: ChildProcess[] = [];

export function startAllInOne(env: Record<string, string>, args: string[] = []): AllInOneRun {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'), LOG_FORMAT: 'json', LOG_LEVEL: 'info', KAFKA_BROKERS: '', REDIS_URL: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  started.push(child);
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

export async function untilReady(url: string, run: AllInOneRun): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (run.child.exitCode !== null) throw new Error(`exited ${run.child.exitCode}: ${run.stderr()}`);
    const status = await fetch(`${url}/health/ready`).then((r) => r.status, () => 0);
    if (status === 200) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`not ready: ${run.stderr()}`);
}

export function stopAllInOne(run: AllInOneRun): Promise<number | null> {
  run.child.kill('SIGTERM');
  return run.exited;
}

export function killAllInOnes(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
