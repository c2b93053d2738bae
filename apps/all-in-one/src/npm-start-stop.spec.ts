// `npm start` runs its script line in `sh -c` and passes a SIGTERM sent to npm on to that shell. A
// shell that waits on node dies of it and leaves node (and the all-in-one it runs) holding the port
// and the data directory; the line must hand the signal to node itself.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const QUICKSTART = 'tools/bootstrap/quickstart.mjs';

/** Stands in for quickstart.mjs: says its pid, then stops on SIGTERM saying so. */
const STAND_IN = `process.on('SIGTERM', () => { process.stdout.write('stopped\\n'); process.exit(0); });
process.stdout.write('ready ' + process.pid + '\\n');
setInterval(() => undefined, 1000);`;

describe('npm start', () => {
  it('hands a SIGTERM sent to npm (and so to its shell) on to the node process it runs', async () => {
    const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(start).toContain(QUICKSTART);
    const script = join(mkdtempSync(join(tmpdir(), 'quell-start-')), 'stand-in.mjs');
    writeFileSync(script, STAND_IN);
    const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}` };
    const shell = spawn('sh', ['-c', start.replace(QUICKSTART, script)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    shell.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const seen = (text: string, ms: number) =>
      new Promise<boolean>((done) => {
        const started = Date.now();
        const poll = setInterval(() => {
          if (!output.includes(text) && Date.now() - started < ms) return;
          clearInterval(poll);
          done(output.includes(text));
        }, 20);
      });
    expect(await seen('ready', 10_000)).toBe(true);
    const pid = Number(/ready (\d+)/.exec(output)?.[1]);
    shell.kill('SIGTERM');
    try {
      expect(await seen('stopped', 3_000)).toBe(true);
    } finally {
      try {
        process.kill(pid, 'SIGKILL'); // the orphan a failing line leaves behind
      } catch {
        // already stopped
      }
    }
  });
});
