import type { OutboundRecord } from '../bus/message';
import { chunkBySize, encodedSize, RecordTooLargeError } from './size-chunks';

function records(count: number, valueBytes: number, keys = 7): OutboundRecord[] {
  return Array.from({ length: count }, (_, n) => ({
    topic: n % 2 === 0 ? 'a' : 'b',
    key: `key-${n % keys}`,
    value: Buffer.alloc(valueBytes, 'x'),
    headers: { 'quell.tenant': 'acme', seq: String(n) },
  }));
}

describe('chunkBySize', () => {
  it('cuts 3,000 records of 330 B (~1 MB) into chunks under the bound, every record once and in order', () => {
    const input = records(3_000, 330);
    const chunks = chunkBySize(input, 900_000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.reduce((sum, r) => sum + encodedSize(r), 0)).toBeLessThan(900_000);
    expect(chunks.flat()).toEqual(input);
  });

  it('keeps a publish under the bound in one chunk', () => {
    expect(chunkBySize(records(100, 330), 900_000)).toHaveLength(1);
    expect(chunkBySize([], 900_000)).toEqual([]);
  });

  it('refuses one record over the bound, non-retriable, saying which bound', () => {
    const big = { topic: 'quell.raw.v1', key: 'k', value: Buffer.alloc(1_000_000) };
    let error: unknown;
    try {
      chunkBySize([...records(3, 10), big], 900_000);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RecordTooLargeError);
    expect(error).toMatchObject({ retriable: false, topic: 'quell.raw.v1' });
    expect((error as Error).message).toMatch(/record of 1000\d+ bytes for topic quell\.raw\.v1 exceeds .* \(KAFKA_MAX_REQUEST_BYTES\)/);
  });

  it('counts keys, header names and values in a record size', () => {
    expect(encodedSize({ topic: 't', key: 'ab', value: Buffer.alloc(10), headers: { h: 'vvv' } })).toBe(64 + 10 + 2 + 1 + 3);
  });
});
