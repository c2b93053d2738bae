import { ContractError } from './contract-error';
import { decodeWire, encodeWire } from './wire-format';

describe('wire format', () => {
  it('frames the payload with magic byte 0 and a big-endian schema id', () => {
    const framed = encodeWire(1101, Buffer.from([0xaa, 0xbb]));
    expect([...framed]).toEqual([0x00, 0x00, 0x00, 0x04, 0x4d, 0xaa, 0xbb]);
    expect(decodeWire(framed)).toEqual({ schemaId: 1101, payload: Buffer.from([0xaa, 0xbb]) });
  });

  it('round-trips an id that needs all four bytes and an empty payload', () => {
    expect(decodeWire(encodeWire(0xfffffffe, Buffer.alloc(0)))).toEqual({
      schemaId: 0xfffffffe,
      payload: Buffer.alloc(0),
    });
  });

  it.each([[-1], [1.5], [2 ** 32]])('rejects schema id %p', (id) => {
    expect(() => encodeWire(id, Buffer.alloc(0))).toThrow(ContractError);
  });

  it('rejects a buffer shorter than the header', () => {
    expect(() => decodeWire(Buffer.from([0, 0, 0]))).toThrow(/too short: 3 bytes/);
  });

  it('rejects a wrong magic byte, e.g. a plain JSON message', () => {
    const err = captureError(() => decodeWire(Buffer.from('{"id":"x"}')));
    expect(err).toBeInstanceOf(ContractError);
    expect(err.message).toMatch(/magic byte 0x7b/);
    expect(err.retriable).toBe(false);
  });
});

function captureError(fn: () => unknown): ContractError {
  try {
    fn();
  } catch (err) {
    return err as ContractError;
  }
  throw new Error('expected an error');
}
