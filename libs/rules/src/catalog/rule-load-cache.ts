import { createHash } from 'node:crypto';
import { loadSigmaRules, type LoadOptions, type LoadResult } from '../sigma/rule-loader';

/**
 * Remembers each file's load result by name and content hash, so a rebuild after one file changed
 * compiles that file only (a SigmaHQ-sized directory takes seconds to compile in full). Use one
 * cache per set of load options. Holds the files of the latest build only: each build sweeps
 * what it did not use.
 */
export class RuleLoadCache {
  private entries = new Map<string, LoadResult>();
  private used = new Set<string>();

  load(text: string, file: string, options: LoadOptions): LoadResult {
    const key = `${file}\u0000${createHash('sha256').update(text).digest('hex')}`;
    this.used.add(key);
    let result = this.entries.get(key);
    if (!result) {
      result = loadSigmaRules(text, file, options);
      this.entries.set(key, result);
    }
    return result;
  }

  /** Forgets every entry the loads since the last sweep did not use. */
  sweep(): void {
    for (const key of this.entries.keys()) if (!this.used.has(key)) this.entries.delete(key);
    this.used = new Set();
  }

  get size(): number {
    return this.entries.size;
  }
}
