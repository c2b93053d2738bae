// Process plumbing shared by the Kafka and Redis launchers: free loopback ports, a detached
// service with its output in a log file, a watchdog that reaps it if our process dies, and a
// stop that signals the whole process group. Plain Node, no npm deps: it runs before `npm ci`.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const WATCHDOG = fileURLToPath(new URL('./watchdog.mjs', import.meta.url));

// Ports are picked below Linux's ephemeral range (32768-60999 by default), where a listen(0) port
// would come from: outgoing connections take ports from that range too, and one opened between the
// pick and the bind could take the port first (EADDRINUSE). Keep in step with freePorts in
// libs/platform/testing/src/faults/process-group.ts.
const PICKED_PORTS = { first: 20_000, end: 32_000 };

/** Whether `port` can be bound on 127.0.0.1 at this moment. */
function portFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port that was free on 127.0.0.1 a moment ago. */
export async function freePort() {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = PICKED_PORTS.first + Math.floor(Math.random() * (PICKED_PORTS.end - PICKED_PORTS.first));
    if (await portFree(port)) return port;
  }
  throw new Error(`no free port between ${PICKED_PORTS.first} and ${PICKED_PORTS.end}`);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The last `lines` lines of a file, or a note that it is missing. */
export function tailFile(file, lines = 40) {
  if (!existsSync(file)) return `(no log at ${file})`;
  return readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n');
}

/**
 * Starts `command` in its own process group with stdout and stderr appended to `logFile`, plus a
 * detached watchdog that kills that group when this process disappears (Ctrl-C, crash), so an
 * interrupted test run leaves no broker behind.
 */
export function spawnService(command, args, { cwd, logFile, env = process.env }) {
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.on('error', () => undefined); // surfaces through `exited` / the readiness check instead
  child.unref();
  const watchdog = spawn(process.execPath, [WATCHDOG, String(process.pid), String(child.pid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return { child, exited };
}

/** Runs a command to completion; rejects with its output when it fails. */
export function run(command, args, { cwd, env = process.env, quiet = true } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})\n${output.slice(-4000)}`));
    });
  });
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the service's process group, then SIGKILL if it has not gone after `graceMs`. */
export async function stopService({ child, exited }, graceMs = 10000) {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  let timer;
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise((resolve) => (timer = setTimeout(() => resolve(true), graceMs))),
  ]);
  clearTimeout(timer);
  if (timedOut && groupAlive(pid)) process.kill(-pid, 'SIGKILL');
  await exited;
}

/** SIGKILL to the service's process group at once, as a crash or an OOM kill would end it. */
export async function killService({ child, exited }) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    return; // already gone
  }
  // The child is unref'd: without a timer of our own the loop could end before its exit event.
  const keepAlive = setInterval(() => undefined, 1000);
  await exited;
  clearInterval(keepAlive);
}

/** Sends `signal` (e.g. SIGSTOP, SIGCONT) to the service's process group. */
export function signalService({ child }, signal) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  process.kill(-child.pid, signal);
}

/**
 * Polls `probe` until it returns true; fails fast if the service exits, and after `timeoutMs`.
 * The error carries the tail of the service's log, which is where the reason usually is.
 */
export async function waitUntilReady(name, service, logFile, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let exit;
  service.exited.then((status) => (exit = status));
  let lastError = 'no attempt yet';
  while (Date.now() < deadline) {
    if (exit) break;
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  const why = exit ? `exited (${exit.signal ?? `code ${exit.code}`})` : `not ready after ${timeoutMs} ms (${lastError})`;
  if (!exit) await stopService(service, 2000);
  throw new Error(`${name} ${why}. Last lines of ${logFile}:\n${tailFile(logFile)}`);
}
