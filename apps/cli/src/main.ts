import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { runCli } from './cli';

// A reader that stops early (`quell changes list | head -1`) closes the pipe: stop quietly, as
// Unix tools do on SIGPIPE, instead of dying on an unhandled EPIPE error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

void runCli(process.argv.slice(2), {
  read: (path) => (path === '-' ? text(process.stdin) : readFile(path, 'utf8')),
  now: () => Date.now(),
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`quell: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
