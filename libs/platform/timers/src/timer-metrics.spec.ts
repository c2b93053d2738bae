import { Registry } from 'prom-client';
import { InMemoryTimerStore } from './in-memory-timer-store';
import { timerMetrics } from './timer-metrics';
import { TimerService } from './timer-service';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('timer metrics', () => {
  afterEach(() => jest.useRealTimers());

  it('count fires, refires and failures per kind, their lateness, and what is pending', async () => {
    jest.useFakeTimers({ now: 0 });
    const registry = new Registry();
    const store = new InMemoryTimerStore();
    const timers = new TimerService(store, { logger: silent, retryBackoffMs: 100, observer: timerMetrics(registry, store) });
    let failOnce = true;
    timers.register('retry', {
      fire: async () => {
        if (failOnce) {
          failOnce = false;
          throw new Error('down');
        }
      },
      exhausted: async () => undefined,
    });
    await store.schedule({ key: 'a', dueAt: 0, kind: 'retry', payload: '' });
    await store.schedule({ key: 'later', dueAt: 3_600_000, kind: 'retry', payload: '' });
    timers.start();
    await jest.advanceTimersByTimeAsync(1_000);
    const stopped = timers.stop();
    await jest.runOnlyPendingTimersAsync();
    await stopped;
    const text = await registry.metrics();
    expect(text).toContain('quell_timers_fired_total{kind="retry"} 2');
    expect(text).toContain('quell_timers_refired_total{kind="retry"} 1');
    expect(text).toContain('quell_timers_failed_total{kind="retry"} 1');
    expect(text).toContain('quell_timer_lateness_seconds_count{kind="retry"} 2');
    expect(text).toContain('quell_timers_pending 1');
  });
});
