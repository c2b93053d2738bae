import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { runCli } from './cli';

void runCli(process.argv.slice(2), {
  read: (path) => (path === '-' ? text(process.stdin) : readFile(path, 'utf8')),
  now: () => Date.now(),
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
