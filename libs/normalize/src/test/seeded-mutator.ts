/**
 * Test-only: a seeded random source and the mutations the parser fuzz tests apply to real records.
 * Everything derives from the seed, so a failure printed with its seed and index replays exactly.
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: small, fast, and good enough to spread mutations. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Text that means something to one parser or another, inserted to reach deeper branches. */
const TOKENS = [
  '|', '\\|', '\\', '=', '\\=', '"', "'", '[', ']', '{', '}', ':', ' ', '\t', '\r\n', '\n', '-', '<13>', '<999>', '<',
  '1 ', 'CEF:0|', 'LEEF:1.0|', 'LEEF:2.0|', 'x09|', 'Oct 11 22:14:15 ', '2026-02-30T25:61:61Z ', 'sshd[12]: ', 'sudo: ',
  'Failed password for ', ' from ', ' port ', 'IN= OUT= SRC=', 'COMMAND=', ' ; ', '[id a="', '"]', '#text', '#attributes',
  '"__proto__":', '"constructor":', 'constructor=', '__proto__=', 'toString=', '"EventID":', '"Channel":"Security",', '"class_uid":',
  '"winlog":{"event_id":1},', '"System":{"EventID":', '"Data":[', 'devTimeFormat=', 'devTime=', 'rt=', 'tz=', 'date=2026-01-01 time=', '\u0000', '\uFEFF',
  '%ASA-6-1: ', 'csLabel=', 'cs1Label=__proto__ cs1=x ', 'devTimeFormat=yyyy yyyy\t', 'rt=1e400 ', 'eventtime=9999999999999999999 ',
];

/** Values a JSON field is replaced with: out-of-range numbers and times, wrong types, deep values. */
const JSON_VALUES: unknown[] = [
  1e20, -1e20, 1e308, 1234567890123.5, -1, 0, 0.5, '', ' ', 'x'.repeat(70_000), '1e30', '+275760-09-13T00:00:00.001Z', '2026-02-30T25:61:61Z',
  `1${'0'.repeat(400)}`, '0x', 'NaN', null, true, [], {}, [null, {}, []], { '#text': { '#text': {} } }, JSON.parse('{"__proto__":{"x":1}}') as unknown, ['a', 1, null],
  JSON.parse(`${'['.repeat(99)}1${']'.repeat(99)}`) as unknown,
];

type Json = Record<string, unknown> | unknown[];

/** Every object and array inside a parsed document, with the keys it holds. */
function containers(value: unknown, out: Json[] = []): Json[] {
  if (value === null || typeof value !== 'object') return out;
  out.push(value as Json);
  for (const child of Object.values(value)) containers(child, out);
  return out;
}

/** Characters a huge field is made of: ones regular expressions and splitters treat specially. */
const FILL = ['a', ' ', '\t', '=', '|', '\\', '"', '[', '{', ':', '0', '.', '-', ';', ' a=', '\\\\', '"a":', ' IN=', 'x '];

export type Mutation = (input: Buffer, random: SeededRandom, others: readonly Buffer[]) => Buffer;

const at = (buf: Buffer, random: SeededRandom) => random.int(buf.length + 1);
const insert = (buf: Buffer, index: number, piece: Buffer) => Buffer.concat([buf.subarray(0, index), piece, buf.subarray(index)]);

export const MUTATIONS: Record<string, Mutation> = {
  flipByte: (b, r) => {
    if (b.length === 0) return b;
    const out = Buffer.from(b);
    out[r.int(out.length)] = r.int(256);
    return out;
  },
  flipBit: (b, r) => {
    if (b.length === 0) return b;
    const out = Buffer.from(b);
    out[r.int(out.length)] ^= 1 << r.int(8);
    return out;
  },
  truncate: (b, r) => b.subarray(0, r.int(b.length + 1)),
  dropSlice: (b, r) => {
    const start = r.int(b.length + 1);
    return Buffer.concat([b.subarray(0, start), b.subarray(start + 1 + r.int(32))]);
  },
  duplicateSlice: (b, r) => {
    const start = r.int(b.length + 1);
    const slice = b.subarray(start, start + 1 + r.int(64));
    const copies = Buffer.concat(Array.from({ length: 1 + r.int(r.next() < 0.1 ? 2000 : 4) }, () => slice));
    return insert(b, at(b, r), copies);
  },
  splice: (b, r, others) => {
    const other = r.pick(others);
    return Buffer.concat([b.subarray(0, r.int(b.length + 1)), other.subarray(r.int(other.length + 1))]);
  },
  insertToken: (b, r) => insert(b, at(b, r), Buffer.from(r.pick(TOKENS))),
  hugeField: (b, r) => insert(b, at(b, r), Buffer.from(r.pick(FILL).repeat(20_000 + r.int(40_000)))),
  deepNesting: (b, r) => {
    const depth = r.pick([101, 1_000, 40_000]);
    const open = r.pick(['[', '{"a":', '{"Event":', '{"#text":']);
    const close = open === '[' ? ']' : '}';
    return insert(b, at(b, r), Buffer.from(open.repeat(depth) + '1' + (r.next() < 0.5 ? close.repeat(depth) : '')));
  },
  /** Structured mutation of JSON records: one field set to a hostile value (text mutations would mostly break the syntax). */
  jsonField: (b, r) => {
    let doc: unknown;
    try {
      doc = JSON.parse(b.toString('utf8'));
    } catch {
      return insert(b, at(b, r), Buffer.from(r.pick(TOKENS)));
    }
    const targets = containers(doc);
    if (targets.length === 0) return b;
    const target = r.pick(targets) as Record<string, unknown>;
    const keys = Object.keys(target);
    const key = keys.length > 0 && r.next() < 0.8 ? r.pick(keys) : r.pick(['time', '@timestamp', 'EventID', 'Keywords', 'class_uid', 'winlog', 'Event', 'System', 'Data', '__proto__']);
    target[key] = r.pick(JSON_VALUES);
    return Buffer.from(JSON.stringify(doc));
  },
  invalidUtf8: (b, r) => insert(b, at(b, r), Buffer.from(Array.from({ length: 1 + r.int(8) }, () => 0x80 + r.int(128)))),
};

const NAMES = Object.keys(MUTATIONS);

/** One to three mutations of a seed input; returns the bytes and the names applied (for the failure message). */
export function mutate(input: Buffer, random: SeededRandom, others: readonly Buffer[]): { bytes: Buffer; applied: string[] } {
  let bytes = input;
  const applied: string[] = [];
  for (let n = 1 + random.int(3); n > 0; n--) {
    // JSON records get the structured mutation often: most text mutations only break their syntax.
    const name = bytes[0] === 0x7b && random.next() < 0.4 ? 'jsonField' : random.pick(NAMES);
    bytes = MUTATIONS[name](bytes, random, others);
    applied.push(name);
  }
  return { bytes, applied };
}
