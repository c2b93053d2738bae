import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateFile } from '@quell/platform-state';

/** State files in one temporary directory for a spec: `open(name)` again is a restart; `cleanup` (afterAll) closes them all and removes it. */
export function tempStateFiles(label: string): { open(name: string): StateFile; path(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `quell-${label}-`));
  const opened: StateFile[] = [];
  const path = (name: string) => join(dir, `${name}.sqlite`);
  return {
    path,
    open: (name) => {
      const file = new StateFile(path(name));
      opened.push(file);
      return file;
    },
    cleanup: () => {
      for (const file of opened) file.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
