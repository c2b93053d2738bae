import { globMatches } from './host-glob';

/**
 * Host globs with a lookup that does not test every pattern: a glob is filed under the literal text
 * before its first wildcard (`fw-*` under `fw-`), or, when it starts with one, under the literal
 * text after its last (`*.dmz.local` under `.dmz.local`). A name probes one map entry per prefix and
 * suffix length, and only the patterns found there (plus the few with no literal end) are matched.
 */
export class GlobTable<T> {
  private readonly byPrefix = new Map<string, Array<[string, T]>>();
  private readonly bySuffix = new Map<string, Array<[string, T]>>();
  private readonly unanchored: Array<[string, T]> = [];

  add(pattern: string, value: T): void {
    const p = pattern.toLowerCase();
    const first = firstWildcard(p);
    if (first > 0) return file(this.byPrefix, p.slice(0, first), [p, value]);
    const suffix = p.slice(lastWildcard(p) + 1);
    if (suffix) return file(this.bySuffix, suffix, [p, value]);
    this.unanchored.push([p, value]);
  }

  /** Every value whose pattern matches the name (case-insensitive). */
  lookup(name: string): T[] {
    const n = name.toLowerCase();
    const out: T[] = [];
    const test = (entries: Array<[string, T]> | undefined) => {
      if (entries) for (const [pattern, value] of entries) if (globMatches(pattern, n)) out.push(value);
    };
    for (let length = 1; length <= n.length; length++) {
      test(this.byPrefix.get(n.slice(0, length)));
      test(this.bySuffix.get(n.slice(n.length - length)));
    }
    test(this.unanchored);
    return out;
  }
}

function firstWildcard(p: string): number {
  const star = p.indexOf('*');
  const question = p.indexOf('?');
  if (star < 0) return question;
  return question < 0 ? star : Math.min(star, question);
}

function lastWildcard(p: string): number {
  return Math.max(p.lastIndexOf('*'), p.lastIndexOf('?'));
}

function file<T>(map: Map<string, Array<[string, T]>>, key: string, entry: [string, T]): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}
