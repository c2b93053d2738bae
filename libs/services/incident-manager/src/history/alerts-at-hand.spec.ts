import type { Alert } from '@quell/contracts';
import { alertsAtHand } from './alerts-at-hand';

const alert = (id: string) => ({ id }) as Alert;

/** A clock that the fake sleep moves, and a store that has stored `ids` after `reads` reads. */
function fixture(stored: { afterReads: number; ids: string[] }[]) {
  let now = 0;
  let reads = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    read: async () => {
      reads += 1;
      return stored.filter((s) => reads > s.afterReads).flatMap((s) => s.ids.map(alert));
    },
    reads: () => reads,
  };
}

describe('alertsAtHand', () => {
  it('answers at once when every alert named is stored', async () => {
    const f = fixture([{ afterReads: 0, ids: ['a1', 'a2'] }]);
    expect((await alertsAtHand(f.read, new Set(['a1', 'a2']), f)).map((a) => a.id)).toEqual(['a1', 'a2']);
    expect([f.reads(), f.now()]).toEqual([1, 0]);
  });

  it('reads again while one is missing, until its writer stored it', async () => {
    const f = fixture([{ afterReads: 0, ids: ['a1'] }, { afterReads: 3, ids: ['a2'] }]);
    expect((await alertsAtHand(f.read, new Set(['a1', 'a2']), f)).map((a) => a.id)).toEqual(['a1', 'a2']);
    expect([f.reads(), f.now()]).toEqual([4, 300]);
  });

  it('gives up after the wait with what is there', async () => {
    const f = fixture([{ afterReads: 0, ids: ['a1'] }]);
    expect((await alertsAtHand(f.read, new Set(['a1', 'gone']), { ...f, timeoutMs: 1_000 })).map((a) => a.id)).toEqual(['a1']);
    expect(f.now()).toBe(1_000);
  });
});
