import { observeOccurrences, type DedupWindow } from './dedup-window';

describe('observeOccurrences', () => {
  it('opens a window on the first occurrence and counts the next ones in it', () => {
    const { window, observations, counted } = observeOccurrences(null, [
      { id: 'a1', at: 1000 },
      { id: 'a2', at: 2000 },
    ]);
    expect(observations).toEqual([
      { count: 1, firstSeen: 1000, lastSeen: 1000, isNew: true },
      { count: 2, firstSeen: 1000, lastSeen: 2000, isNew: false },
    ]);
    expect(window).toEqual({ count: 2, firstSeen: 1000, lastSeen: 2000, ids: ['a1', 'a2'] });
    expect(counted).toBe(true);
  });

  it('counts a redelivered occurrence once, and a window of redeliveries alone is not written again', () => {
    const open: DedupWindow = { count: 2, firstSeen: 1000, lastSeen: 1500, ids: ['a1', 'a2'] };
    const replay = observeOccurrences(open, [{ id: 'a1', at: 1000 }]);
    expect(replay.observations).toEqual([{ count: 2, firstSeen: 1000, lastSeen: 1500, isNew: false }]);
    expect(replay.counted).toBe(false);
    expect(observeOccurrences(open, [{ id: 'a3', at: 1700 }, { id: 'a3', at: 1700 }]).observations.map((o) => o.count)).toEqual([3, 3]);
  });

  it('keeps the earliest and latest times when occurrences arrive out of order', () => {
    const { observations } = observeOccurrences(null, [
      { id: 'a1', at: 5000 },
      { id: 'a2', at: 3000 },
    ]);
    expect(observations[1]).toEqual({ count: 2, firstSeen: 3000, lastSeen: 5000, isNew: false });
  });

  it('remembers only the most recent ids, so a window stays bounded however long it is open', () => {
    const { window } = observeOccurrences(null, Array.from({ length: 12 }, (_, i) => ({ id: `a${i}`, at: i })), 10);
    expect(window?.ids).toEqual(Array.from({ length: 10 }, (_, i) => `a${i + 2}`));
    expect(window?.count).toBe(12);
    // An id beyond the remembered ones counts again: the price of the bound.
    expect(observeOccurrences(window, [{ id: 'a0', at: 0 }], 10).observations[0].count).toBe(13);
  });

  it('leaves the window it was given unchanged (a losing writer re-runs it on a fresher one)', () => {
    const open: DedupWindow = { count: 1, firstSeen: 1000, lastSeen: 1000, ids: ['a1'] };
    observeOccurrences(open, [{ id: 'a2', at: 2000 }]);
    expect(open).toEqual({ count: 1, firstSeen: 1000, lastSeen: 1000, ids: ['a1'] });
  });
});
