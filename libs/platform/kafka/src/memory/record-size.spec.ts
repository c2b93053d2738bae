import type { EncodableValue, OutboundRecord } from '../bus/message';
import { approximateBatchBytes, approximateRecordBytes } from './record-size';

const object = (value: unknown): EncodableValue => ({ object: value, encode: () => Buffer.alloc(0), decode: () => value });
const out = (value: OutboundRecord['value'], key: string | null = null): OutboundRecord => ({ topic: 't', key, value });

describe('approximate record bytes', () => {
  it('counts bytes as they are, and an object by its text two levels down', () => {
    expect(approximateRecordBytes(out(Buffer.alloc(1000), 'host-1'))).toBe(16 + 6 + 1000);
    const small = approximateRecordBytes(out(object({ id: 'a', original: { k: 'v' } })));
    const large = approximateRecordBytes(out(object({ id: 'a', original: { k: 'v'.repeat(10_000) } })));
    expect(large - small).toBe(9_999);
    // Below two levels an object counts as a fixed size, however large: the walk stays cheap.
    expect(approximateRecordBytes(out(object({ a: { b: { c: 'x'.repeat(10_000) } } })))).toBeLessThan(200);
    expect(approximateRecordBytes(out(object({ payload: Buffer.alloc(5_000) })))).toBeGreaterThan(5_000);
  });

  it('charges a batch of objects the average of a few of them, and bytes exactly', () => {
    const batch = [...Array.from({ length: 100 }, (_, i) => out(object({ text: 'x'.repeat(i % 2 === 0 ? 100 : 300) }))), out(Buffer.alloc(50))];
    const sizes = approximateBatchBytes(batch);
    expect(sizes[100]).toBe(16 + 50);
    expect(new Set(sizes.slice(0, 100)).size).toBe(1);
    expect(sizes[0]).toBeGreaterThan(16 + 100);
    expect(sizes[0]).toBeLessThan(16 + 300 + 40);
  });
});
