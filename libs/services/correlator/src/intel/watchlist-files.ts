import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { watchlistFormatOf, type WatchlistFormat } from '@quell/intel';

export interface WatchlistFile {
  /** File name inside the directory, e.g. `admin_users.csv`. */
  file: string;
  /** The list name: the file name without its extension. */
  list: string;
  format: WatchlistFormat;
  path: string;
  mtimeMs: number;
  size: number;
}

/**
 * The .csv and .json files directly in `dir`, sorted by name. Dot files are left out: they are
 * editors' and atomic writers' temporaries, never lists.
 */
export async function listWatchlistFiles(dir: string): Promise<WatchlistFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: WatchlistFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    const format = watchlistFormatOf(entry.name);
    if (!format || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    try {
      const info = await stat(path);
      if (!info.isFile()) continue;
      files.push({ file: entry.name, list: entry.name.slice(0, -extname(entry.name).length), format, path, mtimeMs: info.mtimeMs, size: info.size });
    } catch {
      // Deleted between readdir and stat: it is simply not there any more.
    }
  }
  return files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export function readWatchlistText(file: WatchlistFile): Promise<string> {
  return readFile(file.path, 'utf8');
}
