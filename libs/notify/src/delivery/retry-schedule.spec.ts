import { parseRetryAfter, retryDelay } from './retry-schedule';

const schedule = { delaysMs: [1_000, 4_000, 16_000], jitter: 0.2, maxRetryAfterMs: 3_600_000 };

describe('retry schedule', () => {
  it('follows the ladder, stretched by up to the jitter, then stops', () => {
    expect([1, 2, 3].map((attempt) => retryDelay(schedule, attempt, null, () => 0))).toEqual([1_000, 4_000, 16_000]);
    expect(retryDelay(schedule, 2, null, () => 1)).toBe(4_800);
    expect(retryDelay(schedule, 4, null)).toBeNull();
  });

  it('waits as long as Retry-After asks when that is longer, up to the cap', () => {
    expect(retryDelay(schedule, 1, 30_000, () => 0)).toBe(30_000);
    expect(retryDelay(schedule, 3, 2_000, () => 0)).toBe(16_000);
    expect(retryDelay(schedule, 1, 86_400_000, () => 0)).toBe(3_600_000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-28T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
