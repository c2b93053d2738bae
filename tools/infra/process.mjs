// Process plumbing shared by the Kafka and Redis launchers: free loopback ports, a detached
// service with its output in a log file, a watchdog that reaps it if our process dies, and a
// stop that signals the whole process group. Plain Node, no npm deps: it runs before `npm ci`.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const WATCHDOG = fileURLToPath(new URL('./watchdog.mjs', import.meta.url));

/** A port that was free on 127.0.0.1 a moment ago (the OS picks it, so collisions are unlikely). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
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
