import { randomBytes } from 'node:crypto';
import { AvroCodec } from './avro-codec';
import { asciiFirstWriteString, AvscTap, avscWriteString } from './avro-string-writes';
import { ContractError } from './contract-error';

/** Strings of 0–80 characters drawn from ASCII, Latin-1, BMP and surrogate halves, the same on every run. */
function seededStrings(count: number): string[] {
  let state = 42;
  const next = (below: number) => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) % below);
  const ranges = [0x80, 0x80, 0x80, 0x100, 0x800, 0x10000];
  return Array.from({ length: count }, () => String.fromCharCode(...Array.from({ length: next(81) }, () => next(ranges[next(ranges.length)]))));
}

/** Writes `value` at `pos` into a buffer of `size` bytes with `write`; the bytes and the end position. */
function written(write: typeof avscWriteString, value: string, size: number, pos = 3): { bytes: Buffer; pos: number } {
  const tap = new AvscTap(Buffer.alloc(size, 0xaa), pos);
  write.call(tap, value);
  return { bytes: tap.buf, pos: tap.pos };
}

describe('asciiFirstWriteString', () => {
  const fast = asciiFirstWriteString(avscWriteString);

  it('writes the same bytes and ends at the same position as avsc for every kind of string', () => {
    const strings = [
      '',
      'a',
      'x'.repeat(63),
      'x'.repeat(64),
      'x'.repeat(200),
      'caf\u00e9',
      'a'.repeat(62) + '\u00e9',
      '\u{1f600} emoji',
      'lone \ud83d surrogate',
      '\u007f\u0080',
      ...seededStrings(2_000),
    ];
    const differing = strings.filter((value) => {
      for (const size of [4, 40, 70, 300]) {
        const a = written(avscWriteString, value, size);
        const b = written(fast, value, size);
        if (a.pos !== b.pos) return true;
        // Past the buffer's end avsc only reports the missing bytes (an invalid tap): the codec writes again.
        if (a.pos <= size && !a.bytes.equals(b.bytes)) return true;
      }
      return false;
    });
    expect(differing).toEqual([]);
  });

  it('is what the codec writes with, and Events still round-trip', () => {
    expect(AvscTap.prototype.writeString).not.toBe(avscWriteString);
    const codec = new AvroCodec();
    const original = { 'Event.ID': '4688', 'Cmd\u00e9': 'x'.repeat(100), [randomBytes(4).toString('hex')]: '\u{1f600}' };
    const raw = { id: 'r1', tenant: 't', receivedAt: 1, source: { type: 'http', name: 'n', host: null }, format: 'json', contentType: 'application/json', payload: Buffer.from('{}'), attributes: original };
    expect(codec.decode(codec.encode('RawEvent', raw), 'RawEvent').attributes).toEqual(original);
  });

  it('leaves the encoder rejecting what its schema cannot write', () => {
    const codec = new AvroCodec();
    const raw = { id: 'r1', tenant: 't', receivedAt: 1, source: { type: 'http', name: 'n', host: null }, format: 'json', contentType: 'application/json', payload: Buffer.from('{}'), attributes: { ok: 'yes', bad: 7 as unknown as string } };
    expect(() => codec.encode('RawEvent', raw)).toThrow(ContractError);
    expect(() => codec.encode('RawEvent', { ...raw, attributes: {}, tenant: 42 as unknown as string })).toThrow(/tenant/);
  });
});
