// The broker and Redis of tools/infra, driven through tools/infra/infra-control.mjs in a child
// process: jest's module registry cannot load those plain-Node ES modules, and one implementation
// of the launchers (jars, KRaft format, Redis flags) is enough.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const REPO_ROOT = path.resolve(__dirname, '../../../../..');
const CONTROL = path.join(REPO_ROOT, 'tools', 'infra', 'infra-control.mjs');

type Operation = 'start' | 'stop' | 'kill' | 'pause' | 'resume' | 'pid';
interface Reply {
  id?: number;
  ok?: boolean;
  result?: unknown;
  error?: string;
  address?: string;
  logFile?: string;
}

/** A server kept across stops and starts (same address, same data directory), driven by its control process. */
class ControlledServer {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly control: ChildProcessWithoutNullStreams,
    readonly address: string,
    readonly logFile: string,
  ) {
    createInterface({ input: control.stdout }).on('line', (line) => {
      const reply = JSON.parse(line) as Reply;
      const waiting = reply.id === undefined ? undefined : this.pending.get(reply.id);
      if (!waiting || reply.id === undefined) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new Error(reply.error ?? 'failed'));
    });
    control.once('exit', (code) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`the infra control process exited (${code})`));
      this.pending.clear();
    });
  }

  static async create(args: string[]): Promise<ControlledServer> {
    const control = spawn(process.execPath, [CONTROL, ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    control.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const first = await new Promise<Reply>((resolve, reject) => {
      const lines = createInterface({ input: control.stdout });
      lines.once('line', (line) => {
        lines.close();
        resolve(JSON.parse(line) as Reply);
      });
      control.once('exit', (code) => reject(new Error(`infra-control ${args.join(' ')} exited (${code}): ${stderr}`)));
    });
    if (!first.address || !first.logFile) throw new Error(`infra-control ${args.join(' ')}: ${first.error ?? 'no address'}`);
    return new ControlledServer(control, first.address, first.logFile);
  }

  request(op: Operation): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.control.stdin.write(`${JSON.stringify({ id, op })}\n`);
    });
  }

  /** Stops the server and ends the control process. */
  async close(): Promise<void> {
    if (this.control.exitCode !== null) return;
    const exited = new Promise((resolve) => this.control.once('exit', resolve));
    this.control.stdin.end();
    await exited;
  }
}

interface Controllable {
  readonly logFile: string;
  pid(): Promise<number | undefined>;
  start(): Promise<void>;
  stop(): Promise<void>;
  kill(): Promise<void>;
  /** Stops the server for good and ends its control process (afterAll). */
  close(): Promise<void>;
}

/** A Kafka broker (KRaft, one node) that keeps its ports and data directory across stops and starts. */
export interface ControllableBroker extends Controllable {
  /** host:port; the same after every restart. */
  readonly brokers: string;
}

/** A Redis server that keeps its port and data directory across stops and starts, and can be paused. */
export interface ControllableRedis extends Controllable {
  /** redis://host:port; the same after every restart. */
  readonly url: string;
  /** SIGSTOP: connections stay open and nothing answers, as a frozen VM or a long GC pause. */
  pause(): Promise<void>;
  /** SIGCONT. */
  resume(): Promise<void>;
}

function controllable(server: ControlledServer): Controllable {
  return {
    logFile: server.logFile,
    pid: async () => ((await server.request('pid')) as number | null) ?? undefined,
    start: async () => void (await server.request('start')),
    stop: async () => void (await server.request('stop')),
    kill: async () => void (await server.request('kill')),
    close: () => server.close(),
  };
}

/** Formats a fresh broker under `dataDir`; not started yet (call start()). stop() is a controlled shutdown, kill() a crash. */
export async function createControllableBroker(dataDir: string): Promise<ControllableBroker> {
  const server = await ControlledServer.create(['kafka', dataDir]);
  return { ...controllable(server), brokers: server.address };
}

/**
 * A Redis server under `dataDir`; not started yet. `aof` (appendfsync everysec) is what a
 * production deployment of the correlator's window state runs with: a stop (SIGTERM) fsyncs the
 * file, so a restart keeps every acknowledged write.
 */
export async function createControllableRedis(dataDir: string, persistence: 'none' | 'aof' = 'aof'): Promise<ControllableRedis> {
  const server = await ControlledServer.create(['redis', dataDir, persistence]);
  return {
    ...controllable(server),
    url: server.address,
    pause: async () => void (await server.request('pause')),
    resume: async () => void (await server.request('resume')),
  };
}
