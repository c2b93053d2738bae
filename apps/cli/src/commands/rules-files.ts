import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Every .yml/.yaml file under the given paths (a file path is taken as it is), sorted per path. */
export async function ruleFilesUnder(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if (!(await stat(path)).isDirectory()) {
      files.push(path);
      continue;
    }
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    files.push(
      ...entries
        .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
        .map((entry) => join(entry.parentPath, entry.name))
        .sort(),
    );
  }
  return files;
}
