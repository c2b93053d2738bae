import { observeOccurrences, type DedupRules, type DedupWindow, type Occurrence } from './dedup-window';

const rules: DedupRules = { windowMs: 1000, flapReturns: 2, flapWindowMs: 10_000 };
const at = (id: string, time: number): Occurrence => ({ id, at: time });

/** Feeds occurrences one batch each, as consecutive handler batches would. */
function feed(occurrences: Occurrence[], given: DedupRules = rules) {
  let window: DedupWindow | null = null;
  return occurrences.map((occurrence) => {
    const observed = observeOccurrences(window, [occurrence], given);
    window = observed.window;
    return observed.observations[0];
  });
}

describe('observeOccurrences', () => {
  it('opens an episode under the first occurrence\'s id and folds repeats inside the window into it', () => {
    const { window, observations, counted } = observeOccurrences(null, [at('a1', 1000), at('a2', 2000)], rules);
    expect(observations).toEqual([
      { alertId: 'a1', count: 1, firstSeen: 1000, lastSeen: 1000, isNew: true, flapping: false },
      { alertId: 'a1', count: 2, firstSeen: 1000, lastSeen: 2000, isNew: false, flapping: false },
    ]);
    expect(window).toEqual({ alertId: 'a1', count: 2, firstSeen: 1000, lastSeen: 2000, ids: ['a1', 'a2'], opens: [1000], flapping: false });
    expect(counted).toBe(true);
  });

  it('closes the window once its event time passes without an occurrence (both edges included)', () => {
    const seen = feed([at('a1', 0), at('a2', 1000), at('a3', 2001), at('a4', 2500)]);
    expect(seen.map((o) => [o.alertId, o.count, o.isNew])).toEqual([['a1', 1, true], ['a1', 2, false], ['a3', 1, true], ['a3', 2, false]]);
  });

  it('counts a redelivered occurrence once, even one of an earlier episode, and a batch of redeliveries alone is not written', () => {
    const open: DedupWindow = { alertId: 'a1', count: 2, firstSeen: 1000, lastSeen: 1500, ids: ['a1', 'a2'], opens: [1000], flapping: false };
    const replay = observeOccurrences(open, [at('a1', 1000)], rules);
    expect(replay.observations).toEqual([{ alertId: 'a1', count: 2, firstSeen: 1000, lastSeen: 1500, isNew: false, flapping: false }]);
    expect(replay.counted).toBe(false);
    expect(observeOccurrences(open, [at('a3', 1700), at('a3', 1700)], rules).observations.map((o) => o.count)).toEqual([3, 3]);
    const later = observeOccurrences(open, [at('b1', 9000), at('a2', 1500)], rules);
    expect(later.observations.map((o) => [o.alertId, o.count])).toEqual([['b1', 1], ['b1', 1]]);
  });

  it('folds a late occurrence (earlier than the window) into it, keeping the earliest and latest times', () => {
    const { observations } = observeOccurrences(null, [at('a1', 5000), at('a2', 3000)], rules);
    expect(observations[1]).toMatchObject({ alertId: 'a1', count: 2, firstSeen: 3000, lastSeen: 5000 });
  });

  it('marks a fingerprint that clears and returns more than flapReturns times flapping: one alert, and later returns fold into it', () => {
    // Windows open at 0, 2000, 4000 (two returns: not yet flapping), 6000 (third return: flapping), 8000 and 8500 fold in.
    const seen = feed([at('a', 0), at('b', 2000), at('c', 4000), at('d', 6000), at('e', 8000), at('f', 8500)]);
    expect(seen.map((o) => [o.alertId, o.count, o.isNew, o.flapping])).toEqual([
      ['a', 1, true, false],
      ['b', 1, true, false],
      ['c', 1, true, false],
      ['d', 1, true, true],
      ['d', 2, false, true],
      ['d', 3, false, true],
    ]);
  });

  it('ends a flapping episode after a quiet flap window, and forgets returns older than the flap window', () => {
    const flapped = feed([at('a', 0), at('b', 2000), at('c', 4000), at('d', 6000), at('g', 6000 + 10_001)]);
    expect(flapped[4]).toMatchObject({ alertId: 'g', count: 1, isNew: true, flapping: false });
    // Returns spread wider than the flap window never add up to flapping.
    const slow = feed([at('a', 0), at('b', 6000), at('c', 12_000), at('d', 18_000), at('e', 24_000)]);
    expect(slow.every((o) => o.isNew && !o.flapping)).toBe(true);
    expect(feed([at('a', 0), at('b', 2000), at('c', 4000), at('d', 6000)], { ...rules, flapReturns: 0 }).every((o) => !o.flapping)).toBe(true);
  });

  it('remembers only the most recent ids, so the state stays bounded however long an episode lasts', () => {
    const { window } = observeOccurrences(null, Array.from({ length: 12 }, (_, i) => at(`a${i}`, i)), rules, 10);
    expect(window?.ids).toEqual(Array.from({ length: 10 }, (_, i) => `a${i + 2}`));
    expect(window?.count).toBe(12);
    // An id beyond the remembered ones counts again: the price of the bound.
    expect(observeOccurrences(window, [at('a0', 0)], rules, 10).observations[0].count).toBe(13);
    const flapping = feed(Array.from({ length: 50 }, (_, i) => at(`x${i}`, i * 2000)));
    expect(flapping.at(-1)).toMatchObject({ alertId: 'x3', count: 47, flapping: true });
  });

  it('leaves the state it was given unchanged (a losing writer re-runs it on a fresher one)', () => {
    const open: DedupWindow = { alertId: 'a1', count: 1, firstSeen: 1000, lastSeen: 1000, ids: ['a1'], opens: [1000], flapping: false };
    observeOccurrences(open, [at('a2', 2000), at('a3', 9000)], rules);
    expect(open).toEqual({ alertId: 'a1', count: 1, firstSeen: 1000, lastSeen: 1000, ids: ['a1'], opens: [1000], flapping: false });
  });
});
