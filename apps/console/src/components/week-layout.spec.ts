import { describe, expect, it } from '@jest/globals';
import type { Change } from '../api/types';
import { DAY_MS, lanes, MIN_BLOCK_MS, occurrences, weekStart } from './week-layout';

const HOUR = 3_600_000;
const monday = weekStart(new Date(2026, 10, 30, 15, 0).getTime());
const window = (start: number, end: number, rrule: string | null = null) => ({ start, end, rrule, timeZone: 'UTC' });
const change = { id: 'c', title: 'c' } as Change;

describe('week layout', () => {
  it('starts a week on Monday at local midnight', () => {
    expect(new Date(monday).getDay()).toBe(1);
    expect(new Date(monday).getHours()).toBe(0);
    expect(weekStart(monday + 6 * DAY_MS + 23 * HOUR)).toBe(monday);
  });

  it('places a one-off window only in the weeks it overlaps', () => {
    const w = window(monday + 2 * DAY_MS, monday + 2 * DAY_MS + 2 * HOUR);
    expect(occurrences(w, monday, monday + 7 * DAY_MS)).toEqual([{ start: w.start, end: w.end }]);
    expect(occurrences(w, monday + 7 * DAY_MS, monday + 14 * DAY_MS)).toEqual([]);
  });

  it('repeats a daily window every day of the week and a weekly BYDAY one on its days', () => {
    const start = monday - 10 * DAY_MS + HOUR;
    expect(occurrences(window(start, start + HOUR, 'FREQ=DAILY'), monday, monday + 7 * DAY_MS)).toHaveLength(7);
    const weekly = occurrences(window(start, start + HOUR, 'FREQ=WEEKLY;BYDAY=SA,SU'), monday, monday + 7 * DAY_MS);
    expect(weekly.map((o) => new Date(o.start).getDay()).sort()).toEqual([0, 6]);
  });

  it('puts overlapping blocks in separate lanes and reuses a lane once it is free', () => {
    const a = { change, start: monday, end: monday + 4 * HOUR };
    const b = { change, start: monday + HOUR, end: monday + 2 * HOUR };
    const c = { change, start: monday + 4 * HOUR + MIN_BLOCK_MS, end: monday + 10 * HOUR };
    const laid = lanes([c, b, a]);
    expect(laid.count).toBe(2);
    expect(laid.items.map((i) => [i.start, i.lane])).toEqual([
      [a.start, 0],
      [b.start, 1],
      [c.start, 0],
    ]);
  });
});
