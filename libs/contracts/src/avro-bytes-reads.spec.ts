import { Type } from 'avsc';
import { AvroCodec } from './avro-codec';
import { avscReadBytes, readBytesInPlace } from './avro-bytes-reads';
import { AvscTap } from './avro-string-writes';
import { ContractError } from './contract-error';
import { SAMPLES } from './test/samples';

/** `value` written as Avro bytes at `pos`, then read back with `read`: the value and the end position. */
function readBack(read: typeof avscReadBytes, value: Buffer, pos = 3): { value: Buffer | undefined; pos: number } {
  const buf = Buffer.alloc(value.length + 16, 0xaa);
  const end = Type.forSchema('bytes').encode(value, buf, pos);
  const tap = new AvscTap(buf.subarray(0, end), pos) as unknown as ThisParameterType<typeof avscReadBytes>;
  return { value: read.call(tap), pos: tap.pos };
}

describe('readBytesInPlace', () => {
  const sizes = [0, 1, 63, 64, 4_095, 4_096, 4_097, 200_000];

  it.each(sizes)('reads the value avsc reads, and ends where it ends, for %i bytes', (size) => {
    const value = Buffer.from(Array.from({ length: size }, (_, i) => (i * 31) % 256));
    const ours = readBack(readBytesInPlace, value);
    const avsc = readBack(avscReadBytes, value);
    expect(ours.value?.equals(value)).toBe(true);
    expect(avsc.value?.equals(value)).toBe(true);
    expect(ours.pos).toBe(avsc.pos);
  });

  it('returns nothing past the end and leaves the position past it, as avsc does', () => {
    const buf = Buffer.alloc(16);
    const end = Type.forSchema('bytes').encode(Buffer.alloc(10, 1), buf, 0);
    const cut = () => new AvscTap(buf.subarray(0, end - 4)) as unknown as ThisParameterType<typeof avscReadBytes>;
    const [ours, avsc] = [cut(), cut()];
    expect(readBytesInPlace.call(ours)).toBeUndefined();
    expect(avscReadBytes.call(avsc)).toBeUndefined();
    expect(ours.pos).toBe(avsc.pos);
    expect(ours.pos).toBeGreaterThan(ours.buf.length);
  });
});

describe('AvroCodec with bytes read in place', () => {
  const codec = new AvroCodec();

  it('decodes a payload as a view of the record it was read from, not a copy', () => {
    const payload = Buffer.from('{"EventID":4625,"Message":"' + 'x'.repeat(5_000) + '"}');
    const bytes = codec.encode('RawEvent', { ...SAMPLES.RawEvent, payload });
    const decoded = codec.decode(bytes, 'RawEvent');
    expect(decoded.payload.equals(payload)).toBe(true);
    expect(decoded.payload.buffer).toBe(bytes.buffer);
    expect(decoded.payload.byteOffset).toBeGreaterThanOrEqual(bytes.byteOffset);
    expect(decoded.payload.byteOffset + decoded.payload.length).toBeLessThanOrEqual(bytes.byteOffset + bytes.length);
  });

  it('still refuses a record cut inside its payload, with a ContractError', () => {
    const bytes = codec.encode('RawEvent', { ...SAMPLES.RawEvent, payload: Buffer.alloc(2_000, 0x61) });
    // Only the (small) attributes map follows the payload: 1,500 bytes off the end cut into the payload.
    expect(() => codec.decode(bytes.subarray(0, bytes.length - 1_500), 'RawEvent')).toThrow(ContractError);
  });

  it('is installed once, whatever the number of codecs', () => {
    new AvroCodec();
    expect((AvscTap.prototype as unknown as { readBytes: unknown }).readBytes).toBe(readBytesInPlace);
  });
});
