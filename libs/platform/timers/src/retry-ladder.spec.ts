import { InMemoryTimerStore } from './in-memory-timer-store';
import { RetryLadder, type RetryFailure } from './retry-ladder';
import { TimerService } from './timer-service';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

class Refused extends Error {
  readonly retriable = false;
}

describe('RetryLadder', () => {
  let store: InMemoryTimerStore;
  let timers: TimerService;
  let attempts: { attempt: number; at: number }[];
  let deadLetters: { payload: string; failure: RetryFailure }[];

  function ladder(outcome: (attempt: number) => void) {
    return new RetryLadder<string>(timers, {
      kind: 'deliver',
      delaysMs: [30_000, 120_000, 600_000],
      attempt: async (_payload, attempt) => {
        attempts.push({ attempt, at: Date.now() });
        outcome(attempt);
      },
      deadLetter: async (payload, failure) => {
        deadLetters.push({ payload, failure });
      },
    });
  }

  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    store = new InMemoryTimerStore();
    timers = new TimerService(store, { logger: silent });
    attempts = [];
    deadLetters = [];
  });
  afterEach(async () => {
    const stopped = timers.stop();
    await jest.runOnlyPendingTimersAsync();
    await stopped;
    jest.useRealTimers();
  });

  it('is done at once when the first attempt works', async () => {
    const retry = ladder(() => undefined);
    expect(await retry.run('k', 'payload')).toBe('done');
    expect(await store.size()).toBe(0);
  });

  it('retries at 30 s, 2 min and 10 min, then dead-letters with the last reason', async () => {
    const retry = ladder(() => {
      throw new Error('webhook answered 503');
    });
    timers.start();
    expect(await retry.run('k', 'payload', 'acme')).toBe('retry-scheduled');
    expect(await retry.pending('k')).toBe(true);
    await jest.advanceTimersByTimeAsync(30_000 + 120_000 + 600_000);
    expect(attempts).toEqual([
      { attempt: 1, at: 0 },
      { attempt: 2, at: 30_000 },
      { attempt: 3, at: 150_000 },
      { attempt: 4, at: 750_000 },
    ]);
    expect(deadLetters).toEqual([{ payload: 'payload', failure: { reason: 'webhook answered 503', attempts: 4, retriable: true } }]);
    expect(await store.size()).toBe(0);
  });

  it('stops retrying once an attempt works', async () => {
    const retry = ladder((attempt) => {
      if (attempt < 3) throw new Error('timeout');
    });
    timers.start();
    await retry.run('k', 'payload');
    await jest.advanceTimersByTimeAsync(800_000);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(deadLetters).toEqual([]);
    expect(await retry.pending('k')).toBe(false);
  });

  it('dead-letters a retry whose timer keeps firing without finishing, with why', async () => {
    timers = new TimerService(store, { logger: silent, maxFires: 2, retryBackoffMs: 10 });
    const retry = ladder((attempt) => {
      if (attempt === 1) throw new Error('webhook answered 502');
    });
    // The retry's own work cannot even start (e.g. its process dies in it each time).
    jest.spyOn(retry as unknown as { retry: () => Promise<unknown> }, 'retry').mockRejectedValue(new Error('crashed'));
    timers.start();
    await retry.run('k', 'payload');
    await jest.advanceTimersByTimeAsync(31_000);
    expect(deadLetters).toEqual([
      { payload: 'payload', failure: { reason: expect.stringMatching(/^retry 2 fired 3 times without finishing.*last error: webhook answered 502$/), attempts: 2, retriable: true } },
    ]);
    expect(await store.size()).toBe(0);
  });

  it('retries only the dead letter when it failed after the last retry', async () => {
    let deadLetterDown = true;
    const retry = new RetryLadder<string>(timers, {
      kind: 'deliver',
      delaysMs: [1_000],
      attempt: async (_payload, attempt) => {
        attempts.push({ attempt, at: Date.now() });
        throw new Error('webhook answered 503');
      },
      deadLetter: async (payload, failure) => {
        if (deadLetterDown) {
          deadLetterDown = false;
          throw new Error('dead-letter topic away');
        }
        deadLetters.push({ payload, failure });
      },
    });
    timers.start();
    await retry.run('k', 'payload');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    expect(deadLetters).toEqual([{ payload: 'payload', failure: { reason: 'webhook answered 503', attempts: 2, retriable: true } }]);
    expect(await store.size()).toBe(0);
  });

  it('dead-letters at once what retrying cannot fix', async () => {
    const retry = ladder(() => {
      throw new Refused('webhook answered 404');
    });
    expect(await retry.run('k', 'payload')).toBe('dead-lettered');
    expect(deadLetters).toEqual([{ payload: 'payload', failure: { reason: 'webhook answered 404', attempts: 1, retriable: false } }]);
    expect(await store.size()).toBe(0);
  });
});
