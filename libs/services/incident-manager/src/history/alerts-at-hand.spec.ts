import type { Alert } from '@quell/contracts';
import { alertsAtHand } from './alerts-at-hand';

const alert = (id: string) => ({ id }) as Alert;

/** Where an alert turns up, and when: stored by this process (`here`) or by another replica. */
interface Store {
  at: number;
  ids: string[];
  here: boolean;
}

/** A clock that only the waits move, the alerts each source has at that time, and each read's ids. */
function fixture(stores: Store[]) {
  let now = 0;
  const reads: string[][] = [];
  const has = (here: boolean | null, ids: readonly string[]) =>
    ids.filter((id) => stores.some((s) => s.at <= now && s.ids.includes(id) && (here === null || s.here === here))).map(alert);
  return {
    now: () => now,
    sources: {
      recent: (ids: readonly string[]) => has(true, ids),
      read: async (ids: readonly string[]) => {
        reads.push([...ids]);
        return has(null, ids);
      },
      nextStore: async (ms: number) => {
        const next = stores.filter((s) => s.here && s.at > now).map((s) => s.at);
        now = Math.min(now + ms, ...next);
      },
    },
    reads,
  };
}

const ids = (alerts: Alert[]) => alerts.map((a) => a.id);

describe('alertsAtHand', () => {
  it('takes the alerts this process stored without reading the history', async () => {
    const f = fixture([{ at: 0, ids: ['a1', 'a2'], here: true }]);
    expect(ids(await alertsAtHand(new Set(['a1', 'a2']), f.sources, f))).toEqual(['a1', 'a2']);
    expect([f.reads, f.now()]).toEqual([[], 0]);
  });

  it('reads the history once for those this process did not store, and only for those', async () => {
    const f = fixture([
      { at: 0, ids: ['a2'], here: true },
      { at: 0, ids: ['a1'], here: false },
    ]);
    expect(ids(await alertsAtHand(new Set(['a1', 'a2']), f.sources, f))).toEqual(['a1', 'a2']);
    expect([f.reads, f.now()]).toEqual([[['a1']], 0]);
  });

  it('waits for this process to store a missing alert, without reading again', async () => {
    const f = fixture([
      { at: 0, ids: ['a1'], here: true },
      { at: 300, ids: ['a2'], here: true },
    ]);
    expect(ids(await alertsAtHand(new Set(['a1', 'a2']), f.sources, f))).toEqual(['a1', 'a2']);
    expect([f.reads, f.now()]).toEqual([[['a2']], 300]);
  });

  it('reads again each time this process stores, for an alert another replica stores meanwhile', async () => {
    const f = fixture([
      { at: 0, ids: ['a1'], here: true },
      { at: 200, ids: ['a2'], here: false },
      { at: 500, ids: ['a3'], here: true },
    ]);
    expect(ids(await alertsAtHand(new Set(['a1', 'a2']), f.sources, f))).toEqual(['a1', 'a2']);
    expect([f.reads, f.now()]).toEqual([[['a2'], ['a2']], 500]);
  });

  it('gives up after the wait with what is there, reading a last time when the wait ends', async () => {
    const f = fixture([{ at: 0, ids: ['a1'], here: true }]);
    expect(ids(await alertsAtHand(new Set(['a1', 'gone']), f.sources, { now: f.now, timeoutMs: 1_000 }))).toEqual(['a1']);
    expect([f.reads, f.now()]).toEqual([[['gone'], ['gone']], 1_000]);
  });
});
