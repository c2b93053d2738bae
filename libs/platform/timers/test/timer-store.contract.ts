import { InvalidTimerError, TimerCapacityError, type TimerLimits, type TimerStore } from '../src/timer-store.port';

export interface TimerStoreFixture {
  store: TimerStore;
  /** The store's clock's "now" (ms), as schedule's dueAt is written. */
  now(): number;
  /** Lets `ms` pass on the store's clock. */
  advance(ms: number): Promise<void>;
}

/** Limits of the stores under contract: small enough to reach. */
export const CONTRACT_LIMITS: TimerLimits = { maxPerTenant: 2, maxHorizonMs: 3_600_000, maxPayloadBytes: 1_000 };

/**
 * The TimerStore contract, run against every adapter. Times are a few hundred ms so the Redis
 * adapter (the server's clock) runs it in real time.
 */
export function describeTimerStore(name: string, fixture: () => TimerStoreFixture): void {
  describe(`TimerStore contract: ${name}`, () => {
    let f: TimerStoreFixture;
    beforeEach(() => {
      f = fixture();
    });

    it('hands a timer out no earlier than its due time, then forgets it on ack', async () => {
      await f.store.schedule({ key: 'k1', dueAt: f.now() + 300, kind: 'test', payload: 'p1' });
      const early = await f.store.claim(10_000, 10);
      expect(early.timers).toEqual([]);
      expect(early.nextInMs).toBeGreaterThan(0);
      expect(early.nextInMs).toBeLessThanOrEqual(300);
      await f.advance(350);
      const { timers } = await f.store.claim(10_000, 10);
      expect(timers).toEqual([expect.objectContaining({ key: 'k1', kind: 'test', payload: 'p1', tenant: '_', fires: 1 })]);
      expect(await f.store.ack('k1', timers[0].fireId)).toBe(true);
      expect(await f.store.size()).toBe(0);
      expect((await f.store.claim(10_000, 10)).nextInMs).toBeUndefined();
    });

    it('replaces a pending timer scheduled again under the same key, with a new fireId', async () => {
      await f.store.schedule({ key: 'k1', dueAt: f.now() + 100, kind: 'test', payload: 'first' });
      const first = await f.store.get('k1');
      await f.store.schedule({ key: 'k1', dueAt: f.now() + 100, kind: 'test', payload: 'second' });
      const second = await f.store.get('k1');
      expect(second?.payload).toBe('second');
      expect(second?.fireId).not.toBe(first?.fireId);
      expect(await f.store.size()).toBe(1);
      await f.advance(150);
      expect((await f.store.claim(10_000, 10)).timers.map((t) => t.payload)).toEqual(['second']);
    });

    it('cancels a pending timer once', async () => {
      await f.store.schedule({ key: 'k1', dueAt: f.now(), kind: 'test', payload: '' });
      expect(await f.store.cancel('k1')).toBe(true);
      expect(await f.store.cancel('k1')).toBe(false);
      expect((await f.store.claim(10_000, 10)).timers).toEqual([]);
      expect(await f.store.get('k1')).toBeNull();
    });

    it('hands a timer out again with the same fireId once its lease runs out without an ack', async () => {
      await f.store.schedule({ key: 'k1', dueAt: f.now(), kind: 'test', payload: '' });
      const [fired] = (await f.store.claim(200, 10)).timers;
      expect((await f.store.claim(200, 10)).timers).toEqual([]);
      await f.advance(250);
      const [refired] = (await f.store.claim(200, 10)).timers;
      expect(refired).toMatchObject({ key: 'k1', fireId: fired.fireId, fires: 2 });
    });

    it('keeps a timer scheduled again while its previous fire was in hand (that ack is stale)', async () => {
      await f.store.schedule({ key: 'k1', dueAt: f.now(), kind: 'test', payload: 'old' });
      const [fired] = (await f.store.claim(10_000, 10)).timers;
      await f.store.schedule({ key: 'k1', dueAt: f.now() + 100, kind: 'test', payload: 'new' });
      expect(await f.store.ack('k1', fired.fireId)).toBe(false);
      expect(await f.store.get('k1')).toMatchObject({ payload: 'new', fires: 0 });
    });

    it('releases a failed fire for later, keeping its fireId', async () => {
      await f.store.schedule({ key: 'k1', dueAt: f.now(), kind: 'test', payload: '' });
      const [fired] = (await f.store.claim(10_000, 10)).timers;
      expect(await f.store.release('k1', fired.fireId, 200)).toBe(true);
      expect((await f.store.claim(10_000, 10)).timers).toEqual([]);
      await f.advance(250);
      expect((await f.store.claim(10_000, 10)).timers).toEqual([expect.objectContaining({ fireId: fired.fireId, fires: 2 })]);
      expect(await f.store.release('k1', 'k1#stale', 0)).toBe(false);
    });

    it('claims at most the limit, earliest first', async () => {
      for (const [i, key] of ['c', 'a', 'b'].entries()) await f.store.schedule({ key, dueAt: f.now() - 100 + i, kind: 'test', payload: key, tenant: key });
      const first = await f.store.claim(10_000, 2);
      expect(first.timers).toHaveLength(2);
      expect(first.nextInMs).toBe(0);
      const rest = await f.store.claim(10_000, 2);
      expect([...first.timers, ...rest.timers].map((t) => t.key).sort()).toEqual(['a', 'b', 'c']);
    });

    it('refuses a tenant over its cap, and counts a timer once however often it is rescheduled', async () => {
      await f.store.schedule({ key: 'a', dueAt: f.now() + 60_000, kind: 'test', payload: '', tenant: 't' });
      await f.store.schedule({ key: 'b', dueAt: f.now() + 60_000, kind: 'test', payload: '', tenant: 't' });
      await f.store.schedule({ key: 'a', dueAt: f.now() + 30_000, kind: 'test', payload: '', tenant: 't' });
      await expect(f.store.schedule({ key: 'c', dueAt: f.now(), kind: 'test', payload: '', tenant: 't' })).rejects.toThrow(TimerCapacityError);
      await f.store.schedule({ key: 'c', dueAt: f.now(), kind: 'test', payload: '', tenant: 'u' });
      expect(await f.store.cancel('a')).toBe(true);
      await f.store.schedule({ key: 'd', dueAt: f.now(), kind: 'test', payload: '', tenant: 't' });
      expect(await f.store.size()).toBe(3);
    });

    it('refuses a due time past the horizon, no due time at all, or a payload over the limit', async () => {
      await expect(f.store.schedule({ key: 'k', dueAt: f.now() + 2 * 3_600_000, kind: 'test', payload: '' })).rejects.toThrow(InvalidTimerError);
      await expect(f.store.schedule({ key: 'k', dueAt: f.now(), kind: 'test', payload: 'é'.repeat(501) })).rejects.toThrow(/1002 bytes, over the limit of 1000/);
      await expect(f.store.schedule({ key: 'k', dueAt: Number.NaN, kind: 'test', payload: '' })).rejects.toThrow(/not epoch ms/);
      expect(await f.store.size()).toBe(0);
    });
  });
}
