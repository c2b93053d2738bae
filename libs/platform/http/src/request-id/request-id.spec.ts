import type { IncomingMessage } from 'node:http';
import { MAX_REQUEST_ID_LENGTH, requestIdFor, requestIdOf } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFor', () => {
  it.each(['3f1c2a9e-0b7d-4c55-9a61-2d0f5e8b7c11', '01HZX3K9Q7W8E2R4T6Y8U0I1O2', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', 'edge:lb-2/1234'])(
    'keeps an acceptable client id (%s)',
    (id) => {
      expect(requestIdFor(id)).toBe(id);
    },
  );

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['with a space', 'a b'],
    ['with a control character', 'abc\u0007'],
    ['with a quote', 'a"b'],
    ['given twice', ['a', 'b']],
    ['too long', 'x'.repeat(MAX_REQUEST_ID_LENGTH + 1)],
  ])('generates a UUID when the header is %s', (_case, header) => {
    expect(requestIdFor(header)).toMatch(UUID);
  });

  it('accepts an id of exactly the maximum length', () => {
    const id = 'x'.repeat(MAX_REQUEST_ID_LENGTH);
    expect(requestIdFor(id)).toBe(id);
  });

  it('generates a different id per request', () => {
    expect(requestIdFor(undefined)).not.toBe(requestIdFor(undefined));
  });
});

describe('requestIdOf', () => {
  it('reads the id the middleware set, and nothing else', () => {
    expect(requestIdOf({ id: 'r-1' } as unknown as IncomingMessage)).toBe('r-1');
    expect(requestIdOf({ id: 7 } as unknown as IncomingMessage)).toBeUndefined();
    expect(requestIdOf({} as IncomingMessage)).toBeUndefined();
  });
});
