import { SyslogFramer, type Framed } from './syslog-framer';

/**
 * Fuzz of the TCP framer: random streams of valid messages, each framed by octet counting or by LF
 * as a sender may mix them, with over-limit lines mixed in, cut into random chunks. Whatever the
 * chunking, the same messages and the same drops come out, and the buffer stays bounded. Seeded
 * and bounded in count and time; a failure names the seed and the stream to replay it.
 */
const SEED = 6587;
const MAX_STREAMS = 3000;
const BUDGET_MS = 3000;
const MAX = 200;

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes a message body is made of: digits and spaces (count look-alikes), CR, LF, `<`, invalid UTF-8. */
const ALPHABET = Buffer.from('0123456789  <>abcXYZ\r\n\t-:[]=|é', 'utf8');
const ODD = [0xff, 0xfe, 0xc3, 0x80, 0x00];

interface Stream {
  bytes: Buffer;
  messages: string[];
  drops: string[];
}

/** A stream and what a correct framer must yield from it. */
function stream(next: () => number): Stream {
  const int = (n: number) => Math.floor(next() * n);
  const parts: Buffer[] = [];
  const messages: string[] = [];
  const drops: string[] = [];
  for (let n = 1 + int(12); n > 0; n--) {
    const length = next() < 0.1 ? MAX - 5 + int(10) : int(60);
    const body = Buffer.from(Array.from({ length }, () => (next() < 0.05 ? ODD[int(ODD.length)] : ALPHABET[int(ALPHABET.length)])));
    // An LF-framed message holds no LF; an octet-counted one may. Neither ends in CR/LF (both framings strip them).
    const octet = next() < 0.5;
    // Some LF-framed lines start with a number and a space, as in issue 9 (`12345 failed …`).
    const pri = Buffer.from(octet || next() < 0.7 ? `<${int(192)}>` : `${int(99_999)} x`);
    let message = Buffer.concat([pri, octet ? body : Buffer.from(body.toString('latin1').replace(/\n/g, ' '), 'latin1')]);
    while (message.length > 0 && (message[message.length - 1] === 0x0a || message[message.length - 1] === 0x0d)) message = message.subarray(0, -1);
    if (octet) {
      if (message.length > MAX) continue; // over the limit it closes the connection: covered by the unit tests
      parts.push(Buffer.from(`${message.length} `), message);
    } else {
      parts.push(message, Buffer.from(next() < 0.3 ? '\r\n' : '\n'));
      if (message.length > MAX) {
        drops.push('line_too_long');
        continue;
      }
    }
    messages.push(message.toString('utf8'));
  }
  return { bytes: Buffer.concat(parts), messages, drops };
}

function run(bytes: Buffer, cut: (remaining: number) => number): Framed & { maxPending: number } {
  const framer = new SyslogFramer(MAX);
  const out = { messages: [] as string[], dropped: [] as Framed['dropped'], maxPending: 0, fatal: undefined as Framed['fatal'] };
  for (let at = 0; at < bytes.length; ) {
    const size = Math.max(1, cut(bytes.length - at));
    const framed = framer.push(bytes.subarray(at, at + size));
    out.messages.push(...framed.messages);
    out.dropped.push(...framed.dropped);
    out.fatal ??= framed.fatal;
    out.maxPending = Math.max(out.maxPending, framer.pendingBytes - size);
    at += size;
  }
  const end = framer.finish();
  out.messages.push(...end.messages);
  out.dropped.push(...end.dropped);
  return out;
}

describe('SyslogFramer fuzz', () => {
  it('yields the same messages and drops whatever the chunking', () => {
    const next = random(SEED);
    const started = Date.now();
    let streams = 0;
    let messages = 0;
    for (let i = 0; i < MAX_STREAMS && Date.now() - started < BUDGET_MS; i++) {
      const s = stream(next);
      const cuts: Array<[string, (remaining: number) => number]> = [
        ['whole', (r) => r],
        ['bytes', () => 1],
        ['random', (r) => 1 + Math.floor(next() * Math.min(r, 50))],
      ];
      for (const [name, cut] of cuts) {
        const out = run(s.bytes, cut);
        const replay = `seed ${SEED}, stream ${i}, ${name} chunks: ${JSON.stringify(s.bytes.toString('latin1'))}`;
        if (JSON.stringify(out.messages) !== JSON.stringify(s.messages) || out.fatal) {
          throw new Error(`${replay}\nexpected ${JSON.stringify(s.messages)}\nreceived ${JSON.stringify(out.messages)}${out.fatal ? ` (fatal ${out.fatal.detail})` : ''}`);
        }
        expect(out.dropped.map((d) => d.reason)).toEqual(s.drops);
        // Between chunks it holds at most one frame (a line up to the limit, its CR, a count prefix).
        expect(out.maxPending).toBeLessThanOrEqual(MAX + 1 + 4);
      }
      streams++;
      messages += s.messages.length;
    }
    console.log(`syslog framer fuzz: ${streams} streams, ${messages} messages, each in 3 chunkings`);
    expect(streams).toBeGreaterThan(100);
  });
});
