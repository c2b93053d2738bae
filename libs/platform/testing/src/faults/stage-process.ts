import path from 'node:path';
import { REPO_ROOT } from './infra-tools';
import { freePort, spawnGroup, stopGroup, tailFile, type GroupProcess } from './process-group';

export interface StageProcessOptions {
  /** The app under apps/ whose src/main.ts is run, e.g. `correlator`. */
  app: string;
  /** A TypeScript entry to run instead of the app's main.ts (a test's worker), relative to the repo root. */
  script?: string;
  /** Configuration, as a pod's environment; HTTP_PORT is chosen here. */
  env: Record<string, string>;
  /** Where the process's log file goes. */
  logDir: string;
  /** A label for logs and reports (default: the app name). */
  name?: string;
  /**
   * `always` (default): a process that exits without stop() being called is started again after a
   * second, as a pod's restart policy does (a SIGKILL, or a service that exits once it cannot recover).
   */
  restart?: 'always' | 'never';
}

/**
 * One stage as a pod runs it: its own Node process (TypeScript through @swc-node/register), its
 * own HTTP port, configured by the environment, with stdout and stderr in a log file. It can be
 * SIGKILLed mid-batch and started again on the same port. A watchdog reaps it if the test dies.
 */
export class StageProcess {
  readonly name: string;
  readonly logFile: string;
  private process?: GroupProcess;
  private port?: number;
  private starts = 0;
  private stopping = false;

  constructor(private readonly options: StageProcessOptions) {
    this.name = options.name ?? options.app;
    this.logFile = path.join(options.logDir, `${this.name}.log`);
  }

  get url(): string {
    if (this.port === undefined) throw new Error(`${this.name} was never started`);
    return `http://127.0.0.1:${this.port}`;
  }

  running(): boolean {
    return this.process?.alive() ?? false;
  }

  /** Spawns the process (again, on the same port after the first start); does not wait for readiness. */
  async start(): Promise<void> {
    if (this.running()) return;
    this.stopping = false;
    this.port ??= await freePort();
    this.starts += 1;
    const main = path.join(REPO_ROOT, this.options.script ?? path.join('apps', this.options.app, 'src', 'main.ts'));
    this.process = spawnGroup(process.execPath, ['-r', '@swc-node/register', main], {
      cwd: REPO_ROOT,
      logFile: this.logFile,
      env: {
        PATH: process.env['PATH'] ?? '',
        SWC_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.json'),
        ...this.options.env,
        HTTP_PORT: String(this.port),
      },
    });
    const spawned = this.process;
    void spawned.exited.then(() => {
      if (this.stopping || this.options.restart === 'never') return;
      setTimeout(() => {
        if (this.process === spawned && !this.stopping) void this.start();
      }, 1000);
    });
  }

  /** The status of GET /health/ready, or undefined when nothing answers (not listening, or no reply within 5 s). */
  async readiness(): Promise<number | undefined> {
    if (this.port === undefined || !this.running()) return undefined;
    const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
    await response?.body?.cancel();
    return response?.status;
  }

  /** Resolves once /health/ready answers 200; fails with the log's tail when time runs out (or the process exits, with `restart: never`). */
  async waitReady(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: number | undefined;
    while (Date.now() < deadline) {
      if (this.process && !this.running() && this.options.restart === 'never') {
        throw new Error(`${this.name} exited before it was ready:\n${this.logTail()}`);
      }
      last = await this.readiness();
      if (last === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms (last /health/ready: ${last ?? 'no answer'}):\n${this.logTail()}`);
  }

  /** SIGKILL: no shutdown hook runs, the batch in hand is neither finished nor committed; restarted a second later unless `restart: never`. */
  async kill(): Promise<void> {
    if (!this.process?.alive()) return;
    this.process.signal('SIGKILL');
    await this.process.exited;
  }

  /** SIGTERM, as an orchestrator stops a pod: the service drains, commits and exits. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.process) await stopGroup(this.process, 20_000);
  }

  /** How often the process was started (1 + restarts). */
  get startCount(): number {
    return this.starts;
  }

  /** The last lines of the process's log. */
  logTail(lines = 40): string {
    return tailFile(this.logFile, lines);
  }
}
