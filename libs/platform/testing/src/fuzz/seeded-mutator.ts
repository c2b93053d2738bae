/**
 * A small, seeded mutation fuzzer for inputs read from users (HTTP bodies, parser lines, rule
 * files). The same seed gives the same sequence of mutations, so a failure is replayed by running
 * the test again with FUZZ_SEED set to the seed it printed.
 */

/** mulberry32: tiny and good enough to drive mutations; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of a fuzz run: FUZZ_SEED when set (to replay a failure), else the given default. */
export function fuzzSeed(fallback: number, env: Record<string, string | undefined> = process.env): number {
  const given = env['FUZZ_SEED'];
  return given !== undefined && /^\d+$/.test(given) ? Number(given) : fallback;
}

// Bytes and texts that break readers in practice: structure, escapes, invalid UTF-8 (lone
// continuation byte, truncated sequence, overlong form), NUL, lone surrogates, BOM, CR.
const TOKENS: readonly Buffer[] = [
  '{', '}', '[', ']', '"', ',', ':', '\\', '\\u', '\\ud800', 'null', '1e999', '-0', '\n', '\r\n', '\r', '\t', ' ',
  '\u0000', '\ufeff', '<13>', '<999>1 ', 'CEF:0|', 'LEEF:2.0|', '=', '|', '%', '0', '12345 ',
].map((text) => Buffer.from(text, 'utf8')).concat([Buffer.from([0xff]), Buffer.from([0x80]), Buffer.from([0xc3]), Buffer.from([0xe2, 0x82]), Buffer.from([0xc0, 0xaf])]);

export interface MutatorOptions {
  /** Longest output of one mutation (growth is capped here). */
  maxBytes?: number;
}

/** Mutations drawn from one seed; `describe()` names the last one for failure messages. */
export class SeededMutator {
  readonly random: () => number;
  private last: string[] = [];
  private readonly maxBytes: number;

  constructor(
    readonly seed: number,
    options: MutatorOptions = {},
  ) {
    this.random = seededRandom(seed);
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(probability: number): boolean {
    return this.random() < probability;
  }

  /** The mutations applied by the last `mutate` call, e.g. `flip@12, truncate@40`. */
  describe(): string {
    return this.last.join(', ');
  }

  /** One to `rounds` random mutations of `input`. */
  mutate(input: Buffer | string, rounds = 3): Buffer {
    let bytes = Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8');
    this.last = [];
    const count = 1 + this.int(rounds);
    for (let i = 0; i < count; i++) bytes = this.once(bytes);
    return bytes.length > this.maxBytes ? bytes.subarray(0, this.maxBytes) : bytes;
  }

  /** `levels` of nesting around `inner` (JSON arrays or objects), for depth limits. */
  nest(levels: number, inner = '1'): string {
    const object = this.chance(0.5);
    return object ? `${'{"a":'.repeat(levels)}${inner}${'}'.repeat(levels)}` : `${'['.repeat(levels)}${inner}${']'.repeat(levels)}`;
  }

  private once(bytes: Buffer): Buffer {
    const at = bytes.length === 0 ? 0 : this.int(bytes.length);
    const kind = this.int(9);
    const note = (name: string) => this.last.push(`${name}@${at}`);
    switch (kind) {
      case 0: {
        if (bytes.length === 0) return bytes;
        const out = Buffer.from(bytes);
        out[at] ^= 1 << this.int(8);
        note('flip');
        return out;
      }
      case 1:
        note('truncate');
        return bytes.subarray(0, at);
      case 2: {
        const token = this.pick(TOKENS);
        note(`insert(${JSON.stringify(token.toString('latin1'))})`);
        return Buffer.concat([bytes.subarray(0, at), token, bytes.subarray(at)]);
      }
      case 3: {
        const length = 1 + this.int(Math.max(1, Math.min(16, bytes.length - at)));
        note(`delete(${length})`);
        return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + length)]);
      }
      case 4: {
        const length = 1 + this.int(Math.max(1, Math.min(64, bytes.length - at)));
        const copies = 1 + this.int(64);
        note(`repeat(${length}x${copies})`);
        const chunk = bytes.subarray(at, at + length);
        return Buffer.concat([bytes.subarray(0, at + length), ...Array<Buffer>(copies).fill(chunk), bytes.subarray(at + length)]);
      }
      case 5: {
        const levels = this.pick([50, 101, 1000, 5000, 50_000]);
        note(`nest(${levels})`);
        return Buffer.concat([bytes.subarray(0, at), Buffer.from(this.nest(levels)), bytes.subarray(at)]);
      }
      case 6: {
        const other = this.int(Math.max(1, bytes.length));
        note(`swap(${other})`);
        const out = Buffer.from(bytes);
        [out[at], out[other]] = [out[other] ?? 0, out[at] ?? 0];
        return out;
      }
      case 7: {
        const size = this.pick([255, 256, 65_535, 65_536, 300_000]);
        note(`long(${size})`);
        return Buffer.concat([bytes.subarray(0, at), Buffer.alloc(size, 'x'), bytes.subarray(at)]);
      }
      default: {
        // Replace a digit run with an extreme number.
        const extreme = this.pick(['0', '-1', '99999999999999999999', '1.5', 'NaN', '4294967296']);
        note(`number(${extreme})`);
        return Buffer.concat([bytes.subarray(0, at), Buffer.from(extreme), bytes.subarray(Math.min(bytes.length, at + 1 + this.int(4)))]);
      }
    }
  }
}
