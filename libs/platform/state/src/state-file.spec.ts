import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateFile, stateFileHeld } from './state-file';

describe('stateFileHeld', () => {
  it('is true while a StateFile holds the file, false once it is closed or when there is no file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'quell-state-held-')), 'clickhouse.state.sqlite');
    expect(stateFileHeld(path)).toBe(false);
    const held = new StateFile(path);
    try {
      expect(stateFileHeld(path)).toBe(true);
    } finally {
      held.close();
    }
    expect(stateFileHeld(path)).toBe(false);
    // Asking took no lock: the file opens again.
    new StateFile(path).close();
  });
});
