import { askedWaitMs, parseRetryAfter, retryDelay } from './retry-schedule';

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

  it('has a receiver that asked to wait (429, or Retry-After) waited for without an attempt, until the deadline', () => {
    const limited = { status: 429, retriable: true, retryAfterMs: 20_000 };
    expect(askedWaitMs(schedule, limited, 0, 60_000)).toBe(20_000);
    expect(askedWaitMs(schedule, { ...limited, retryAfterMs: null }, 0, 60_000, () => 0.5)).toBe(1_100);
    expect(askedWaitMs(schedule, { status: 503, retriable: true, retryAfterMs: 5_000 }, 0, 60_000)).toBe(5_000);
    // Capped by NOTIFY_MAX_RETRY_AFTER_MS; a Retry-After of 0 is a second, not a busy loop.
    expect(askedWaitMs(schedule, { ...limited, retryAfterMs: 86_400_000 }, 0, 60_000)).toBe(3_600_000);
    expect(askedWaitMs(schedule, { ...limited, retryAfterMs: 0 }, 0, 60_000)).toBe(1_000);
    // Past the deadline, or an answer that did not ask, it is a failed attempt.
    expect(askedWaitMs(schedule, limited, 60_000, 60_000)).toBeNull();
    expect(askedWaitMs(schedule, { status: 503, retriable: true, retryAfterMs: null }, 0, 60_000)).toBeNull();
    expect(askedWaitMs(schedule, { status: 400, retriable: false, retryAfterMs: 5_000 }, 0, 60_000)).toBeNull();
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
