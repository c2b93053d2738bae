/**
 * Tests for "the value starts with / ends with / contains any of these literals" whose cost barely
 * grows with the number of literals: buckets by a value's first or last code units, and an
 * Aho–Corasick automaton that reads the value once; over UTF-16 code units like
 * String.prototype.startsWith and includes.
 */
export type LiteralTest = (value: string) => boolean;

/** Bucket keys are at most this long: long enough to tell paths apart, short enough to slice cheaply. */
const MAX_KEY = 8;

/**
 * Literals bucketed by their first (or last) k code units, k the shortest literal's length (at most
 * MAX_KEY): a value's own first (or last) k code units pick the only bucket worth trying.
 */
function bucketed(literals: readonly string[], fromEnd: boolean): LiteralTest {
  const k = Math.min(MAX_KEY, ...literals.map((l) => l.length));
  if (k === 0) return () => true;
  const keyOf = (text: string) => (fromEnd ? text.slice(text.length - k) : text.slice(0, k));
  const buckets = new Map<string, string[]>();
  for (const literal of literals) {
    const key = keyOf(literal);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(literal);
    else buckets.set(key, [literal]);
  }
  return (value) => {
    if (value.length < k) return false;
    const bucket = buckets.get(keyOf(value));
    if (bucket === undefined) return false;
    for (const literal of bucket) if (fromEnd ? value.endsWith(literal) : value.startsWith(literal)) return true;
    return false;
  };
}

export function anyPrefix(literals: readonly string[]): LiteralTest {
  return bucketed(literals, false);
}

export function anySuffix(literals: readonly string[]): LiteralTest {
  return bucketed(literals, true);
}

/**
 * Aho–Corasick over a trie of the literals stored as flat arrays (the edges of node n are
 * codes/targets[first[n] .. first[n + 1]), sorted by code unit), with per node its fail link — the
 * node of the longest proper suffix of its path that is also a trie path — and whether a literal
 * ends there or anywhere on its fail chain. Lists of thousands of IOCs make hundreds of thousands
 * of nodes: about 15 bytes each.
 */
export function anySubstring(literals: readonly string[]): LiteralTest {
  if (literals.some((l) => l === '')) return () => true;
  const { first, codes, targets, fail, hit } = automatonOf(literals);
  const childOf = (node: number, code: number): number => {
    let lo = first[node];
    let hi = first[node + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (codes[mid] < code) lo = mid + 1;
      else hi = mid;
    }
    return lo < first[node + 1] && codes[lo] === code ? targets[lo] : -1;
  };
  // Most code units of a value start no literal: from the root, Latin-1 ones are looked up in an array.
  const fromRoot = new Int32Array(256);
  for (let e = first[0]; e < first[1]; e++) if (codes[e] < 256) fromRoot[codes[e]] = targets[e];
  return (value) => {
    let node = 0;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (node === 0 && code < 256) {
        node = fromRoot[code];
      } else {
        let child = childOf(node, code);
        while (child < 0 && node !== 0) {
          node = fail[node];
          child = childOf(node, code);
        }
        node = child < 0 ? 0 : child;
      }
      if (hit[node]) return true;
    }
    return false;
  };
}

interface Automaton {
  first: Int32Array;
  codes: Uint16Array;
  targets: Int32Array;
  fail: Int32Array;
  hit: Uint8Array;
}

function automatonOf(literals: readonly string[]): Automaton {
  // The trie is built with a Map per node, then flattened; nodes are numbered breadth first so
  // that fail links can be filled in node order.
  const maps: Map<number, number>[] = [new Map()];
  const ends: boolean[] = [false];
  for (const literal of literals) {
    let node = 0;
    for (let i = 0; i < literal.length; i++) {
      const code = literal.charCodeAt(i);
      let child = maps[node].get(code);
      if (child === undefined) {
        child = maps.length;
        maps.push(new Map());
        ends.push(false);
        maps[node].set(code, child);
      }
      node = child;
    }
    ends[node] = true;
  }
  const order = [0];
  const number = new Int32Array(maps.length);
  for (let head = 0; head < order.length; head++) {
    for (const code of [...maps[order[head]].keys()].sort((a, b) => a - b)) {
      const child = maps[order[head]].get(code) as number;
      number[child] = order.length;
      order.push(child);
    }
  }
  const size = maps.length;
  const first = new Int32Array(size + 1);
  const codes = new Uint16Array(size - 1);
  const targets = new Int32Array(size - 1);
  const hit = new Uint8Array(size);
  let edge = 0;
  order.forEach((old, node) => {
    first[node] = edge;
    hit[node] = ends[old] ? 1 : 0;
    for (const code of [...maps[old].keys()].sort((a, b) => a - b)) {
      codes[edge] = code;
      targets[edge++] = number[maps[old].get(code) as number];
    }
  });
  first[size] = edge;
  const automaton = { first, codes, targets, fail: new Int32Array(size), hit };
  fillFailLinks(automaton);
  return automaton;
}

/** Breadth-first order is node order: a node's fail link is always a node already done. */
function fillFailLinks({ first, codes, targets, fail, hit }: Automaton): void {
  const childOf = (node: number, code: number): number => {
    for (let e = first[node]; e < first[node + 1]; e++) if (codes[e] === code) return targets[e];
    return -1;
  };
  // The root's children (node 0's edges) fail to the root: their links stay 0.
  for (let node = 1; node < fail.length; node++) {
    for (let e = first[node]; e < first[node + 1]; e++) {
      const child = targets[e];
      let back = fail[node];
      let target = childOf(back, codes[e]);
      while (target < 0 && back !== 0) {
        back = fail[back];
        target = childOf(back, codes[e]);
      }
      fail[child] = target < 0 ? 0 : target;
      hit[child] |= hit[fail[child]];
    }
  }
}
