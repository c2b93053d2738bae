import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Output } from '../normalize-command';

export const RUN_USAGE = `usage: quell run [--demo]
  Starts the all-in-one (every service in one process, one port) in the foreground: the same as
  \`npm start\` (tools/bootstrap/quickstart.mjs), which builds first when a source changed. Stop it
  with Ctrl-C. Configured by environment variables (see Configuration in the README: PORT, HOST,
  CLICKHOUSE_DATA_DIR, LOG_FORMAT…), as npm start is.
  --demo  replays the sample stream even when this data directory already has it
  exit codes: the all-in-one's own (0 after a clean stop, 1 when it could not start), 1 usage error`;

/** The flags the all-in-one reads; anything else would be ignored there, so it is refused here. */
const PASSED_FLAGS = new Set(['--demo']);

export interface RunIo extends Output {
  /** The script to run (default: tools/bootstrap/quickstart.mjs of this checkout). */
  quickstart?: string;
}

/** Runs `quell run …`: the all-in-one as a child with the terminal's streams; resolves with its exit code. */
export async function runRunCommand(args: string[], io: RunIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(RUN_USAGE);
    return 0;
  }
  const unknown = args.find((arg) => !PASSED_FLAGS.has(arg));
  if (unknown !== undefined) {
    io.err(`quell: unknown argument "${unknown}" for run`);
    io.err(RUN_USAGE);
    return 1;
  }
  const script = io.quickstart ?? findQuickstart(__dirname);
  if (!script) {
    io.err('quell: tools/bootstrap/quickstart.mjs not found: quell run works in a Quell checkout');
    return 1;
  }
  const child = spawn(process.execPath, [script, ...args], { stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal's process group: wait for its graceful stop
  // instead of dying first. A SIGTERM or SIGHUP sent to this process alone is passed on.
  const ignore = () => undefined;
  const relay = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', ignore);
  process.on('SIGTERM', relay);
  process.on('SIGHUP', relay);
  try {
    return await new Promise<number>((done) => {
      child.once('error', (error) => {
        io.err(`quell: could not start ${script}: ${error.message}`);
        done(1);
      });
      child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
    });
  } finally {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', relay);
    process.off('SIGHUP', relay);
  }
}

/** The checkout's quickstart, found upward from the CLI's code (its sources, or the build in dist/out-tsc). */
export function findQuickstart(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const script = join(dir, 'tools', 'bootstrap', 'quickstart.mjs');
    if (existsSync(script)) return script;
    if (dirname(dir) === dir) return undefined;
  }
}
