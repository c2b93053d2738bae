import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A directory for this run's broker and Redis state, `<cacheDir>/test-infra/run-<pid>`. Runs that
 * were killed before their teardown leave theirs behind; those whose process is gone are removed.
 */
export function createRunDir(cacheDir: string): string {
  const root = path.join(cacheDir, 'test-infra');
  mkdirSync(root, { recursive: true });
  for (const entry of readdirSync(root)) {
    const pid = Number(/^run-(\d+)$/.exec(entry)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) rmSync(path.join(root, entry), { recursive: true, force: true });
  }
  const runDir = path.join(root, `run-${process.pid}`);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  return runDir;
}

export function removeRunDir(runDir: string): void {
  rmSync(runDir, { recursive: true, force: true });
}
