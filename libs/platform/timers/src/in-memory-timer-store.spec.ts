import { CONTRACT_LIMITS, describeTimerStore } from '../test/timer-store.contract';
import { InMemoryTimerStore } from './in-memory-timer-store';

let clock = Date.parse('2026-12-01T00:00:00Z');
describeTimerStore('in-memory', () => ({
  store: new InMemoryTimerStore(CONTRACT_LIMITS, () => clock),
  now: () => clock,
  advance: async (ms) => {
    clock += ms;
  },
}));

describe('InMemoryTimerStore claim queue', () => {
  const limits = { maxPerTenant: 100_000, maxHorizonMs: 3_600_000, maxPayloadBytes: 1_000 };

  it('claims the due timers soonest first past many pending later ones, and says when the next is due', async () => {
    let now = 0;
    const store = new InMemoryTimerStore(limits, () => now);
    for (let i = 0; i < 5_000; i += 1) await store.schedule({ key: `later-${i}`, dueAt: 60_000 + i, kind: 'test', payload: '' });
    await store.schedule({ key: 'second', dueAt: 20, kind: 'test', payload: '' });
    await store.schedule({ key: 'first', dueAt: 10, kind: 'test', payload: '' });
    now = 30;
    const { timers, nextInMs } = await store.claim(1_000, 10);
    expect(timers.map((timer) => timer.key)).toEqual(['first', 'second']);
    // The two just claimed come back when their lease ends, before any later one.
    expect(nextInMs).toBe(1_000);
  });

  it('skips what was rescheduled, cancelled or acked, and keeps its queue near the pending timers', async () => {
    let now = 0;
    const store = new InMemoryTimerStore(limits, () => now);
    for (let i = 0; i < 20_000; i += 1) await store.schedule({ key: `k${i % 10}`, dueAt: 1_000 + i, kind: 'test', payload: '' });
    expect((store as unknown as { queue: { size(): number } }).queue.size()).toBeLessThanOrEqual(1_020);
    await store.cancel('k0');
    now = 25_000;
    const { timers } = await store.claim(1_000, 100);
    expect(timers.map((timer) => timer.key).sort()).toEqual(['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
    for (const timer of timers) await store.ack(timer.key, timer.fireId);
    expect(await store.claim(1_000, 100)).toEqual({ timers: [], nextInMs: undefined });
  });
});
