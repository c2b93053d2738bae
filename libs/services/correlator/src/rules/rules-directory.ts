import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Every *.yml / *.yaml file under `dir`, as (path relative to `dir`, text), in name order. */
export async function readRulesDirectory(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const texts = new Map<string, string>();
  for (const file of files) texts.set(relative(dir, file), await readFile(file, 'utf8'));
  return texts;
}
