import { secretsRedacted } from './secrets-redacted';

const KEYS = new Set(['password', 'authorization']);
const redacted = <T>(value: T, levels?: number): T => secretsRedacted(value, KEYS, '[redacted]', levels);

describe('secretsRedacted', () => {
  it('replaces a secret at the top and one or two objects down, and not deeper', () => {
    expect(redacted({ password: 'p', a: { password: 'p', b: { password: 'p', c: { password: 'kept' } } } })).toEqual({
      password: '[redacted]',
      a: { password: '[redacted]', b: { password: '[redacted]', c: { password: 'kept' } } },
    });
  });

  it('counts an array as a level', () => {
    expect(redacted({ hosts: [{ password: 'p' }, 'plain'] })).toEqual({ hosts: [{ password: '[redacted]' }, 'plain'] });
  });

  it('returns a value holding no secret as it is, and copies only the objects on the way to one', () => {
    const clean = { a: { b: 1 }, list: [1, 2] };
    expect(redacted(clean)).toBe(clean);
    const mixed = { clean: { b: 1 }, dirty: { authorization: 'Bearer x' } };
    const result = redacted(mixed);
    expect(result).not.toBe(mixed);
    expect(result.clean).toBe(mixed.clean);
    expect(mixed.dirty.authorization).toBe('Bearer x');
  });

  it('leaves an absent secret absent and walks neither buffers nor class instances', () => {
    expect(redacted({ password: undefined })).toEqual({ password: undefined });
    const buffer = Buffer.from('password');
    class Holder {
      password = 'p';
    }
    const holder = new Holder();
    const result = redacted({ buffer, holder });
    expect(result.buffer).toBe(buffer);
    expect(result.holder).toBe(holder);
  });

  it('walks objects without a prototype and stops at the levels asked for', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { password: 'p' });
    expect(redacted(bare)).toEqual({ password: '[redacted]' });
    expect(redacted({ a: { password: 'p' } }, 1)).toEqual({ a: { password: 'p' } });
  });
});
