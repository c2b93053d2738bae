import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { YAML_LIMITS } from '@quell/input-limits';

/** A rule file's name relative to the rules directory, with `/` separators. */
export type RuleFileName = string;

const RULE_FILE = /\.ya?ml$/i;

export interface RuleFileEntry {
  file: RuleFileName;
  path: string;
  mtimeMs: number;
  size: number;
  /** Why the file cannot be read (a symbolic link loop, say): reported, never thrown, so the other files still load. */
  unreadable?: string;
}

/** Rule files under `dir`, recursively; dot files (our own temp files, editors' swap files) are skipped. */
export async function listRuleFiles(dir: string): Promise<RuleFileEntry[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const found: RuleFileEntry[] = [];
  for (const entry of entries) {
    // Symbolic links count when they lead to a file: a Kubernetes ConfigMap volume is made of them.
    if (!(entry.isFile() || entry.isSymbolicLink()) || !RULE_FILE.test(entry.name) || entry.name.startsWith('.')) continue;
    const path = join(entry.parentPath, entry.name);
    const file = relative(dir, path).split(sep).join('/');
    if (file.split('/').some((part) => part.startsWith('.'))) continue;
    try {
      const info = await stat(path);
      if (!info.isFile()) continue;
      found.push({ file, path, mtimeMs: info.mtimeMs, size: info.size });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // deleted meanwhile, or a link to nothing
      found.push({ file, path, mtimeMs: 0, size: -1, unreadable: (error as Error).message });
    }
  }
  return found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Past this a file cannot hold a rule file's text (YAML_LIMITS.maxBytes characters of up to 4 bytes): it is not read at all. */
export const MAX_RULE_FILE_BYTES = 4 * YAML_LIMITS.maxBytes;

/**
 * Every rule file's text, and the files that cannot be read with the reason; a file deleted
 * between listing and reading is left out. Only the directory itself failing throws.
 */
export async function readRuleFiles(dir: string): Promise<{ texts: Map<RuleFileName, string>; unreadable: Map<RuleFileName, string>; signature: string }> {
  const files = await listRuleFiles(dir);
  const texts = new Map<RuleFileName, string>();
  const unreadable = new Map<RuleFileName, string>();
  for (const { file, path, size, unreadable: reason } of files) {
    if (reason !== undefined) unreadable.set(file, reason);
    else if (size > MAX_RULE_FILE_BYTES) unreadable.set(file, `the file is ${size} bytes, more than a rule file may hold (${YAML_LIMITS.maxBytes} characters of YAML)`);
    else {
      try {
        texts.set(file, await readFile(path, 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable.set(file, (error as Error).message);
      }
    }
  }
  return { texts, unreadable, signature: signatureOf(files) };
}

/** What the periodic check compares: names, sizes and modification times. */
export async function directorySignature(dir: string): Promise<string> {
  return signatureOf(await listRuleFiles(dir));
}

function signatureOf(files: readonly { file: string; mtimeMs: number; size: number }[]): string {
  return files.map((f) => `${f.file}\u0000${f.mtimeMs}\u0000${f.size}`).join('\n');
}

/**
 * Replaces `dir/file` atomically: the text goes to a dot-named temp file in the same directory
 * (never read as a rule), then a rename swaps it in, so a reader sees the old or the new text, never half.
 */
export async function writeRuleFileAtomically(dir: string, file: RuleFileName, text: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${file}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, join(dir, file));
  } finally {
    await rm(temp, { force: true });
  }
}

/** Deletes `dir/file`; false when it did not exist. */
export async function deleteRuleFile(dir: string, file: RuleFileName): Promise<boolean> {
  try {
    await unlink(join(dir, file));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
