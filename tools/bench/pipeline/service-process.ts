import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './bench-paths';

/**
 * A process of the bench as its own Node process, output in a log file, reaped by
 * tools/infra/watchdog.mjs if the bench dies. A Quell app (`app`) runs from the build in
 * dist/out-tsc, as the image and `npm start` run it; the bench's own helpers are TypeScript run
 * through @swc-node/register.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  readonly exited: Promise<number | null>;
  private resolveExit!: (code: number | null) => void;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: Record<string, string>,
    readonly logFile: string,
    readonly readyUrls: string[],
    /** Extra node flags, e.g. --cpu-prof. */
    private readonly nodeArgs: string[] = [],
  ) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
  }

  /**
   * A Quell app from the current build (built first when a source changed). Through a TypeScript
   * loader each process also held the compiler and its native binding: about 100 MB more RSS for the
   * all-in-one at idle (585 against 487 MB, 2 runs each) and 60-70 MB per distributed stage.
   */
  static app(name: string, app: string, env: Record<string, string>, logFile: string, readyUrls: string[], nodeArgs: string[] = []): ServiceProcess {
    ensureCurrentBuild();
    return new ServiceProcess(name, join(BUILD_DIR, 'apps', app, 'src', 'main.js'), env, logFile, readyUrls, nodeArgs);
  }

  get pid(): number {
    if (this.child?.pid === undefined) throw new Error(`${this.name} not started`);
    return this.child.pid;
  }

  start(): this {
    const fd = openSync(this.logFile, 'a');
    const loader = this.entry.endsWith('.ts') ? ['-r', '@swc-node/register'] : [];
    this.child = spawn(process.execPath, [...this.nodeArgs, ...loader, this.entry], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { PATH: process.env['PATH'] ?? '', SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json'), ...this.env },
    });
    closeSync(fd);
    this.child.once('exit', (code) => this.resolveExit(code));
    spawn(process.execPath, [join(REPO_ROOT, 'tools', 'infra', 'watchdog.mjs'), String(process.pid), String(this.pid)], { detached: true, stdio: 'ignore' }).unref();
    return this;
  }

  /** Resolves once every readiness URL answers 200. */
  async waitReady(timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (const url of this.readyUrls) {
      for (;;) {
        if (exited) throw new Error(`${this.name} exited before it was ready:\n${this.logTail()}`);
        if (Date.now() > deadline) throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.logTail()}`);
        const response = await fetch(url, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
        await response?.body?.cancel();
        if (response?.status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  /** SIGTERM to the process group, SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(-this.pid, s);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

const BUILD_DIR = join(REPO_ROOT, 'dist', 'out-tsc');
let buildChecked = false;

/** `npm start`'s build step (tools/build/build-if-stale.mjs), once per bench process. */
function ensureCurrentBuild(): void {
  if (buildChecked) return;
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'tools', 'build', 'build-if-stale.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`the build the bench runs failed (tools/build/build-if-stale.mjs exited ${build.status ?? build.signal})`);
  buildChecked = true;
}
