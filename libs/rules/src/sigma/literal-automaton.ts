/**
 * Tests for "the value starts with / ends with / contains any of these literals" that read the
 * value once, whatever the number of literals: a trie (read from the start or from the end) and an
 * Aho–Corasick automaton, over UTF-16 code units like String.prototype.startsWith and includes.
 */
export type LiteralTest = (value: string) => boolean;

/** Trie nodes by number: the node each code unit leads to, and whether a literal ends at the node. */
class Trie {
  readonly next: Map<number, number>[] = [new Map()];
  readonly ends: boolean[] = [false];

  constructor(literals: readonly string[], reversed: boolean) {
    for (const literal of literals) {
      let node = 0;
      for (let i = 0; i < literal.length; i++) {
        const code = literal.charCodeAt(reversed ? literal.length - 1 - i : i);
        let child = this.next[node].get(code);
        if (child === undefined) {
          child = this.next.length;
          this.next.push(new Map());
          this.ends.push(false);
          this.next[node].set(code, child);
        }
        node = child;
      }
      this.ends[node] = true;
    }
  }
}

export function anyPrefix(literals: readonly string[]): LiteralTest {
  const { next, ends } = new Trie(literals, false);
  if (ends[0]) return () => true;
  return (value) => {
    let node: number | undefined = 0;
    for (let i = 0; i < value.length; i++) {
      node = next[node].get(value.charCodeAt(i));
      if (node === undefined) return false;
      if (ends[node]) return true;
    }
    return false;
  };
}

export function anySuffix(literals: readonly string[]): LiteralTest {
  const { next, ends } = new Trie(literals, true);
  if (ends[0]) return () => true;
  return (value) => {
    let node: number | undefined = 0;
    for (let i = value.length - 1; i >= 0; i--) {
      node = next[node].get(value.charCodeAt(i));
      if (node === undefined) return false;
      if (ends[node]) return true;
    }
    return false;
  };
}

/** Aho–Corasick: the trie plus, per node, the longest proper suffix of its path that is also a trie path. */
export function anySubstring(literals: readonly string[]): LiteralTest {
  const { next, ends } = new Trie(literals, false);
  if (ends[0]) return () => true;
  const fail = new Array<number>(next.length).fill(0);
  // A node is a hit when a literal ends there or at any node of its fail chain (filled breadth first).
  const hit = [...ends];
  const queue = [...next[0].values()];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const [code, child] of next[node]) {
      let back = fail[node];
      while (back !== 0 && !next[back].has(code)) back = fail[back];
      const target = next[back].get(code);
      fail[child] = target !== undefined && target !== child ? target : 0;
      hit[child] ||= hit[fail[child]];
      queue.push(child);
    }
  }
  // Most code units of a value start no literal: from the root, Latin-1 ones are looked up in an array.
  const fromRoot = new Int32Array(256);
  for (const [code, child] of next[0]) if (code < 256) fromRoot[code] = child;
  return (value) => {
    let node = 0;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (node === 0 && code < 256) {
        node = fromRoot[code];
        if (hit[node]) return true;
        continue;
      }
      let child = next[node].get(code);
      while (child === undefined && node !== 0) {
        node = fail[node];
        child = next[node].get(code);
      }
      node = child ?? 0;
      if (hit[node]) return true;
    }
    return false;
  };
}
