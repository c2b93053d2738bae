import { BodyError } from '@quell/platform-http';
import { idempotencyKeyOf, KEY_TIME_WINDOW_MS, requestIdentity, timeInKey } from './idempotency';

const NOW = Date.parse('2026-12-02T09:00:00Z');
const payload = Buffer.from('{"a":1}');

describe('requestIdentity', () => {
  it('gives a retried request the same ids on any replica, later, for the same tenant, key, position and bytes', () => {
    const first = requestIdentity('acme', 'batch-42', NOW);
    const retry = requestIdentity('acme', 'batch-42', NOW + 60_000);
    expect(retry.idOf(0, payload)).toBe(first.idOf(0, payload));
    expect(retry.idOf(7, Buffer.from('{"b":2}'))).toBe(first.idOf(7, Buffer.from('{"b":2}')));
    const ids = new Set([
      first.idOf(0, payload),
      first.idOf(1, payload),
      first.idOf(0, Buffer.from('{"a":2}')),
      requestIdentity('globex', 'batch-42', NOW).idOf(0, payload),
      requestIdentity('acme', 'batch-43', NOW).idOf(0, payload),
    ]);
    expect(ids.size).toBe(5);
  });

  it('takes the receive time and the id time from a UUIDv7 or ULID key, so a retry is identical in every field', () => {
    const created = NOW - 30_000;
    const uuid = `${created.toString(16).padStart(12, '0').replace(/^(.{8})/, '$1-')}-7abc-8def-0123456789ab`;
    const first = requestIdentity('acme', uuid, NOW);
    const retry = requestIdentity('acme', uuid, NOW + 90_000);
    expect(first.receivedAt).toBe(created);
    expect(retry.receivedAt).toBe(created);
    expect(first.idOf(0, payload).slice(0, 13)).toBe(uuid.slice(0, 13));
    const ulid = `${ulidTime(created)}ABCDEFGHJKMNPQRS`;
    expect(timeInKey(ulid, NOW)).toBe(created);
    expect(timeInKey(ulid.toLowerCase(), NOW)).toBe(created);
  });

  it('uses the clock for an opaque or implausible key, with an id time part of 0 that does not vary', () => {
    const old = (NOW - KEY_TIME_WINDOW_MS - 1).toString(16).padStart(12, '0');
    const stale = `${old.slice(0, 8)}-${old.slice(8)}-7abc-8def-0123456789ab`;
    expect(timeInKey(stale, NOW)).toBeUndefined();
    const opaque = requestIdentity('acme', 'order-7', NOW);
    expect(opaque.receivedAt).toBe(NOW);
    expect(opaque.idOf(0, payload).startsWith('00000000-0000-7')).toBe(true);
  });

  it('gives fresh, time-ordered ids without a key', () => {
    const plain = requestIdentity('acme', undefined, NOW);
    expect(plain.idOf(0, payload)).not.toBe(plain.idOf(0, payload));
    expect(plain.idOf(0, payload).slice(0, 13)).toBe(`${NOW.toString(16).padStart(12, '0').slice(0, 8)}-${NOW.toString(16).padStart(12, '0').slice(8)}`);
  });
});

describe('idempotencyKeyOf', () => {
  it('accepts visible ASCII up to 128 characters and refuses the rest with a 400 that says why', () => {
    expect(idempotencyKeyOf(undefined)).toBeUndefined();
    expect(idempotencyKeyOf(' k-1 ')).toBe('k-1');
    for (const bad of ['', 'x'.repeat(129), 'with space', 'é']) {
      expect(() => idempotencyKeyOf(bad)).toThrow(BodyError);
      expect(() => idempotencyKeyOf(bad)).toThrow(/Idempotency-Key must be 1 to 128 visible ASCII characters/);
    }
  });
});

function ulidTime(time: number): string {
  let text = '';
  for (let rest = time, i = 0; i < 10; i++, rest = Math.floor(rest / 32)) text = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[rest % 32] + text;
  return text;
}
