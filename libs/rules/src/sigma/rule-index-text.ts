import type { Event } from '@quell/contracts';

/**
 * The text form both sides of the literal index agree on. Rules compare case-insensitively with
 * `toLowerCase` (plain literals) or RE2's case folding (patterns with wildcards); lower-casing and
 * then writing the long s as `s` makes every character either fold-equivalent to an ASCII letter
 * or digit land on that letter or digit. A "word" is a run of [a-z0-9] in that form.
 */
export function indexFold(text: string): string {
  const lower = text.toLowerCase();
  return lower.includes('\u017f') ? lower.replace(/\u017f/g, 's') : lower;
}

export function isWordCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}

/**
 * Calls `visit` with every text a rule can read from the event: what a field resolver returns
 * (an original field or a property of the normalized Event; a mapping never names `rawText`) and,
 * with `keywords`, also what keyword searches look at (message, raw text, original values).
 */
export function forEachEventText(event: Event, keywords: boolean, visit: (text: string) => void): void {
  const original = event.original;
  for (const key in original) {
    const value = original[key];
    if (typeof value === 'string') visit(value);
  }
  const properties = event as unknown as Record<string, unknown>;
  for (const key in properties) if (key !== 'original' && (keywords || key !== 'rawText')) visitScalars(properties[key], visit);
}

function visitScalars(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (typeof value === 'number' || typeof value === 'boolean') visit(String(value));
  else if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    for (const key in object) visitScalars(object[key], visit);
  }
}

const WORD_BITS = 1 << 16;

/** Words to their entries, with a bitmap of word hashes so that most of an event's words are passed over without a lookup. */
export class WordIndex<T> {
  private readonly bits = new Uint32Array(WORD_BITS / 32);

  constructor(private readonly entries: ReadonlyMap<string, T>) {
    for (const word of entries.keys()) {
      const bit = hashOf(word, 0, word.length);
      this.bits[bit >>> 5] |= 1 << (bit & 31);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Calls `visit` with the entry of each indexed word of the folded text. */
  forEachIn(folded: string, visit: (entry: T) => void): void {
    let start = -1;
    let hash = 0;
    for (let i = 0; i <= folded.length; i++) {
      const code = i < folded.length ? folded.charCodeAt(i) : 0;
      if (isWordCode(code)) {
        if (start < 0) {
          start = i;
          hash = 0;
        }
        hash = (Math.imul(hash, 31) + code) | 0;
      } else if (start >= 0) {
        const bit = hash & (WORD_BITS - 1);
        if ((this.bits[bit >>> 5] & (1 << (bit & 31))) !== 0) {
          const entry = this.entries.get(folded.slice(start, i));
          if (entry !== undefined) visit(entry);
        }
        start = -1;
      }
    }
  }
}

function hashOf(text: string, from: number, to: number): number {
  let hash = 0;
  for (let i = from; i < to; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash & (WORD_BITS - 1);
}

/** Characters are kept exactly (one bit per UTF-16 code unit); three-character substrings hashed after them. */
const CHAR_BITS = 1 << 16;
const TRIPLE_BITS = 1 << 17;

/**
 * A filter of an event's folded texts: every character exactly, every three-character substring
 * in a Bloom filter. `mayContain(s)` is false only when `s` is in none of the texts.
 */
export class SubstringFilter {
  private readonly bits = new Uint32Array((CHAR_BITS + TRIPLE_BITS) / 32);

  reset(): void {
    this.bits.fill(0);
  }

  add(folded: string): void {
    const bits = this.bits;
    let a = 0;
    let b = 0;
    for (let i = 0; i < folded.length; i++) {
      const c = folded.charCodeAt(i);
      bits[c >>> 5] |= 1 << (c & 31);
      if (i >= 2) {
        const bit = tripleBit(a, b, c);
        bits[bit >>> 5] |= 1 << (bit & 31);
      }
      a = b;
      b = c;
    }
  }

  mayContain(folded: string): boolean {
    for (let i = 0; i < folded.length; i++) {
      if (!this.has(folded.charCodeAt(i))) return false;
      if (i >= 2 && !this.has(tripleBit(folded.charCodeAt(i - 2), folded.charCodeAt(i - 1), folded.charCodeAt(i)))) return false;
    }
    return true;
  }

  private has(bit: number): boolean {
    return (this.bits[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }
}

function tripleBit(a: number, b: number, c: number): number {
  return CHAR_BITS + ((Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d)) >>> 15);
}
