import { retryDelayMs } from './http-target';

describe('retryDelayMs', () => {
  const now = Date.parse('2026-12-04T10:00:00Z');

  it('waits the seconds Retry-After gives, or until its date', () => {
    expect(retryDelayMs('3', 0, now)).toBe(3_000);
    expect(retryDelayMs('Fri, 04 Dec 2026 10:00:05 GMT', 0, now)).toBe(5_000);
    expect(retryDelayMs('Fri, 04 Dec 2026 09:00:00 GMT', 0, now)).toBe(0);
  });

  it('doubles from 1 s without a usable Retry-After, and never waits more than 30 s', () => {
    expect([null, '', 'soon'].map((value) => retryDelayMs(value, 2, now))).toEqual([4_000, 4_000, 4_000]);
    expect(retryDelayMs(null, 10, now)).toBe(30_000);
    expect(retryDelayMs('3600', 0, now)).toBe(30_000);
  });
});
