import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from './infra-tools';

// The same reaper the test infrastructure uses: kills the process group when the test process dies.
const WATCHDOG = path.join(REPO_ROOT, 'tools', 'infra', 'watchdog.mjs');

/**
 * Lowest and highest port handed out here: below Linux's ephemeral range (32768-60999 by default),
 * where a listen(0) port would come from. Outgoing connections take ports from that range too, and
 * one opened between the pick and the bind (a stage's own connection to the broker, say) took a
 * port picked for a service that had not bound it yet (EADDRINUSE). Keep in step with
 * tools/infra/process.mjs.
 */
const PICKED_PORTS = { first: 20_000, end: 32_000 };

/** Whether `port` can be bound on 127.0.0.1 at this moment. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The first of `count` consecutive ports that were free on 127.0.0.1 a moment ago (the all-in-one takes seven in a row). */
export async function freePorts(count: number): Promise<number> {
  const span = PICKED_PORTS.end - PICKED_PORTS.first - count;
  for (let attempt = 0; attempt < 200; attempt++) {
    const first = PICKED_PORTS.first + Math.floor(Math.random() * span);
    let free = true;
    for (let port = first; free && port < first + count; port++) free = await portFree(port);
    if (free) return first;
  }
  throw new Error(`no ${count} consecutive free ports between ${PICKED_PORTS.first} and ${PICKED_PORTS.end}`);
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return freePorts(1);
}

export function tailFile(file: string, lines = 40): string {
  if (!existsSync(file)) return `(no log at ${file})`;
  return readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n');
}

export interface GroupProcess {
  readonly pid: number;
  alive(): boolean;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` to the whole process group. */
  signal(signal: NodeJS.Signals): void;
}

/** Starts `command` in its own process group, output appended to `logFile`, reaped if this process dies. */
export function spawnGroup(command: string, args: string[], options: { cwd: string; logFile: string; env: NodeJS.ProcessEnv }): GroupProcess {
  const fd = openSync(options.logFile, 'a');
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  child.on('error', () => undefined); // surfaces through `exited`
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn ${command}`);
  spawn(process.execPath, [WATCHDOG, String(process.pid), String(pid)], { detached: true, stdio: 'ignore' }).unref();
  return {
    pid,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    signal: (signal) => {
      try {
        process.kill(-pid, signal);
      } catch {
        // already gone
      }
    },
  };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export async function stopGroup(group: GroupProcess, graceMs: number): Promise<void> {
  if (!group.alive()) return;
  group.signal('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    group.exited.then(() => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs))),
  ]);
  clearTimeout(timer);
  if (timedOut) group.signal('SIGKILL');
  await group.exited;
}
