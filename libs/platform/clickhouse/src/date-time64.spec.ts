import { fromDateTime64, toDateTime64 } from './date-time64';

// What toDateTime64 gave before it cached the second's text.
const viaIso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

describe('toDateTime64', () => {
  it('formats every millisecond of a second alike, as toISOString does', () => {
    const second = Date.parse('2026-12-06T07:30:15Z');
    for (let ms = second - 1; ms <= second + 1000; ms += 1) expect(toDateTime64(ms)).toBe(viaIso(ms));
    expect(toDateTime64(second + 7)).toBe('2026-12-06 07:30:15.007');
  });

  it('keeps two seconds formatted side by side (a row\'s event and ingest times), and seconds that share a slot apart', () => {
    const eventTime = Date.parse('2026-12-06T07:29:58.120Z');
    const ingestTime = Date.parse('2026-12-06T07:30:01.005Z');
    for (let i = 0; i < 50; i += 1) {
      expect(toDateTime64(eventTime + i)).toBe(viaIso(eventTime + i));
      expect(toDateTime64(ingestTime + i)).toBe(viaIso(ingestTime + i));
      // 16 seconds later: the same slot as the ingest time.
      expect(toDateTime64(ingestTime + 16_000 + i)).toBe(viaIso(ingestTime + 16_000 + i));
    }
  });

  it('agrees with toISOString on times far apart, before 1970 and at the limits of four-digit years', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const times = Array.from({ length: 5000 }, () => Math.floor((next() - 0.3) * 4_000_000_000_000));
    times.push(0, -1, -999, -1000, -1001, Date.parse('0000-01-01T00:00:00Z'), Date.parse('9999-12-31T23:59:59.999Z'));
    for (const ms of times) {
      expect(toDateTime64(ms)).toBe(viaIso(ms));
      expect(fromDateTime64(toDateTime64(ms))).toBe(ms);
    }
  });

  it('writes years beyond 9999 as toISOString does, and refuses what is not a time', () => {
    const far = Date.parse('+010000-01-01T00:00:00.005Z');
    expect(toDateTime64(far)).toBe(viaIso(far));
    expect(toDateTime64(far + 1)).toBe(viaIso(far + 1));
    expect(() => toDateTime64(Number.NaN)).toThrow(RangeError);
  });
});
