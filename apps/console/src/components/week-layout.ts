import type { Change, ChangeWindow } from '../api/types';

export const DAY_MS = 86_400_000;
/** The time a block's minimum drawn height (2.6rem of a 30rem day) stands for. */
export const MIN_BLOCK_MS = (2.6 / 30) * DAY_MS;

export interface Placed {
  change: Change;
  start: number;
  end: number;
}

/** Monday 00:00 local time of the week holding `at`. */
export function weekStart(at: number): number {
  const day = new Date(at);
  day.setHours(0, 0, 0, 0);
  day.setDate(day.getDate() - ((day.getDay() + 6) % 7));
  return day.getTime();
}

/**
 * Occurrences of a window inside [from, to). Recurrence is drawn for the common DAILY and WEEKLY
 * (BYDAY) rules in the browser's time zone; the server's calendar stays the authority on what covers.
 */
export function occurrences(window: ChangeWindow, from: number, to: number): { start: number; end: number }[] {
  const length = window.end - window.start;
  if (!window.rrule) return window.start < to && window.end > from ? [{ start: window.start, end: window.end }] : [];
  const rule = Object.fromEntries(window.rrule.split(';').map((part) => part.split('=') as [string, string]));
  const until = rule['UNTIL'] ? Date.parse(rule['UNTIL'].replace(/^(\d{4})(\d\d)(\d\d)T?(\d\d)?(\d\d)?(\d\d)?Z?$/, '$1-$2-$3T$4:$5:$6Z')) : Infinity;
  const days = rule['BYDAY']?.split(',').map((d) => ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'].indexOf(d.slice(-2)));
  const found: { start: number; end: number }[] = [];
  if (rule['FREQ'] !== 'DAILY' && rule['FREQ'] !== 'WEEKLY') return window.start < to && window.end > from ? [{ start: window.start, end: window.end }] : [];
  for (let start = window.start; start < to && start <= until; start += DAY_MS) {
    const weekday = new Date(start).getDay();
    const recurs = rule['FREQ'] === 'DAILY' || (days ? days.includes(weekday) : weekday === new Date(window.start).getDay());
    if (recurs && start + length > from) found.push({ start, end: start + length });
  }
  return found;
}

/** Overlapping blocks side by side: each takes the first lane free at its start. */
export function lanes(blocks: Placed[]): { items: (Placed & { lane: number })[]; count: number } {
  const ends: number[] = [];
  const items = [...blocks]
    .sort((a, b) => a.start - b.start)
    .map((block) => {
      const free = ends.findIndex((end) => end <= block.start);
      const lane = free < 0 ? ends.length : free;
      // A short block is drawn taller than its hours (readable text): it holds its lane that long.
      ends[lane] = Math.max(block.end, block.start + MIN_BLOCK_MS);
      return { ...block, lane };
    });
  return { items, count: Math.max(1, ends.length) };
}
