import { InMemoryTimerStore } from './in-memory-timer-store';
import { TimerService, type TimerHandler } from './timer-service';
import type { StoredTimer } from './timer-store.port';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function recorder(behaviour: (timer: StoredTimer) => Promise<void> = async () => undefined) {
  const fired: { key: string; fireId: string; at: number; dueAt: number }[] = [];
  const exhausted: StoredTimer[] = [];
  const handler: TimerHandler = {
    fire: async (timer) => {
      fired.push({ key: timer.key, fireId: timer.fireId, at: Date.now(), dueAt: timer.dueAt });
      await behaviour(timer);
    },
    exhausted: async (timer) => {
      exhausted.push(timer);
    },
  };
  return { fired, exhausted, handler };
}

describe('TimerService', () => {
  let store: InMemoryTimerStore;
  let timers: TimerService;
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-12-01T00:00:00Z') });
    store = new InMemoryTimerStore();
  });
  afterEach(async () => {
    const stopped = timers.stop();
    await jest.runOnlyPendingTimersAsync();
    await stopped;
    jest.useRealTimers();
  });

  it('fires a timer through its kind at its due time, not before, and forgets it', async () => {
    timers = new TimerService(store, { logger: silent, maxIdleMs: 60_000 });
    const { fired, handler } = recorder();
    timers.register('test', handler);
    timers.start();
    await timers.schedule({ key: 'k', dueAt: Date.now() + 1_000, kind: 'test', payload: '' });
    await jest.advanceTimersByTimeAsync(999);
    expect(fired).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(fired).toEqual([expect.objectContaining({ key: 'k', at: fired[0]?.dueAt })]);
    expect(await store.size()).toBe(0);
  });

  it('sleeps until the next due time it knows of, however long the idle poll', async () => {
    await store.schedule({ key: 'k', dueAt: Date.now() + 5_000, kind: 'test', payload: '' });
    timers = new TimerService(store, { logger: silent, maxIdleMs: 600_000 });
    const { fired, handler } = recorder();
    timers.register('test', handler);
    timers.start();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(fired.map((f) => f.at - f.dueAt)).toEqual([0]);
  });

  it('wakes for a timer scheduled while a claim was in progress', async () => {
    let releaseClaim: () => void = () => undefined;
    const slowClaims: typeof store = Object.assign(Object.create(store) as InMemoryTimerStore, {
      claim: async (leaseMs: number, limit: number) => {
        const answer = await store.claim(leaseMs, limit);
        await new Promise<void>((resolve) => (releaseClaim = resolve));
        return answer;
      },
    });
    timers = new TimerService(slowClaims, { logger: silent, maxIdleMs: 600_000 });
    const { fired, handler } = recorder();
    timers.register('test', handler);
    timers.start();
    await jest.advanceTimersByTimeAsync(0);
    // The claim in progress already read the store: it cannot know this timer.
    await timers.schedule({ key: 'k', dueAt: Date.now() + 100, kind: 'test', payload: '' });
    releaseClaim();
    await jest.advanceTimersByTimeAsync(100);
    releaseClaim();
    await jest.advanceTimersByTimeAsync(0);
    expect(fired.map((f) => f.at - f.dueAt)).toEqual([0]);
  });

  it('fires again later, with the same fireId, when the handler fails', async () => {
    timers = new TimerService(store, { logger: silent, retryBackoffMs: 1_000 });
    let failures = 2;
    const { fired, handler } = recorder(async () => {
      if (failures-- > 0) throw new Error('receiver down');
    });
    timers.register('test', handler);
    timers.start();
    await timers.schedule({ key: 'k', dueAt: Date.now(), kind: 'test', payload: '' });
    await jest.advanceTimersByTimeAsync(10_000);
    expect(fired).toHaveLength(3);
    expect(new Set(fired.map((f) => f.fireId)).size).toBe(1);
    // Backoff doubles per fire: 1 s, then 2 s.
    expect(fired.map((f) => f.at - fired[0].at)).toEqual([0, 1_000, 3_000]);
    expect(await store.size()).toBe(0);
  });

  it('hands a timer that keeps failing to its kind as exhausted, then forgets it', async () => {
    timers = new TimerService(store, { logger: silent, retryBackoffMs: 10, maxFires: 3 });
    const { fired, exhausted, handler } = recorder(async () => {
      throw new Error('always');
    });
    timers.register('test', handler);
    timers.start();
    await timers.schedule({ key: 'k', dueAt: Date.now(), kind: 'test', payload: 'p' });
    await jest.advanceTimersByTimeAsync(10_000);
    expect(fired).toHaveLength(3);
    expect(exhausted).toEqual([expect.objectContaining({ key: 'k', payload: 'p', fires: 4 })]);
    expect(await store.size()).toBe(0);
  });

  it('holds no more timers than its concurrency, and claims more as they finish', async () => {
    timers = new TimerService(store, { logger: silent, concurrency: 2 });
    const { fired, handler } = recorder(() => new Promise((resolve) => setTimeout(resolve, 1_000)));
    timers.register('test', handler);
    for (let i = 0; i < 5; i++) await store.schedule({ key: `k${i}`, dueAt: Date.now(), kind: 'test', payload: '' });
    timers.start();
    await jest.advanceTimersByTimeAsync(500);
    expect(fired).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(fired).toHaveLength(4);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(fired).toHaveLength(5);
  });

  it('never runs a timer twice at once in one process when its handler outlives the lease', async () => {
    timers = new TimerService(store, { logger: silent, leaseMs: 1_000 });
    const { fired, handler } = recorder(() => new Promise((resolve) => setTimeout(resolve, 3_500)));
    timers.register('test', handler);
    timers.start();
    await timers.schedule({ key: 'k', dueAt: Date.now(), kind: 'test', payload: '' });
    await jest.advanceTimersByTimeAsync(10_000);
    expect(fired).toHaveLength(1);
    expect(await store.size()).toBe(0);
  });

  it('leaves a timer of a kind it has no handler for in the store', async () => {
    timers = new TimerService(store, { logger: silent });
    timers.start();
    await timers.schedule({ key: 'k', dueAt: Date.now(), kind: 'unknown', payload: '' });
    await jest.advanceTimersByTimeAsync(5_000);
    expect(await store.get('k')).toMatchObject({ kind: 'unknown' });
  });
});
