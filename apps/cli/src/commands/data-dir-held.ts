import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const SQLITE_BUSY = 5;

/**
 * Whether a running all-in-one holds the embedded engine's data directory: it keeps its state file
 * (`<dataDir>.state.sqlite`) locked exclusively while up. Asked read-only, before the engine is
 * opened, because the engine tells a held directory on standard error itself (`Code: 76.
 * DB::Exception: Cannot lock file …`), a line the command cannot take back.
 */
export function dataDirHeld(dataDir: string): boolean {
  const path = `${resolve(dataDir)}.state.sqlite`;
  if (!existsSync(path)) return false;
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path, { readOnly: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return false;
  } catch (error) {
    return (error as { errcode?: number }).errcode === SQLITE_BUSY;
  } finally {
    db?.close();
  }
}
