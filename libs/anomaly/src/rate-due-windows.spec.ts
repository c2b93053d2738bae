import { dueWindows, type DueWindowsInput } from './rate-due-windows';

const HOUR = 3_600_000;
const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().slice(11, 16);
/** 12:03 with a 2-minute settle: 11:00–12:00 is the latest window due. */
const base: DueWindowsInput = { intervalMs: HOUR, now: t('2026-11-28T12:03:00Z'), settleMs: 120_000, evaluatedTo: undefined, maxCatchUp: 24 };
const due = (input: Partial<DueWindowsInput>) => {
  const result = dueWindows({ ...base, ...input });
  return { ...result, windows: result.windows.map((w) => `${iso(w.from)}-${iso(w.to)}`) };
};

describe('dueWindows', () => {
  it('starts a rule never evaluated at its latest window, without backfill', () => {
    expect(due({})).toEqual({ windows: ['11:00-12:00'], skipped: 0, realigned: false });
  });

  it('gives the next window once it has settled, and nothing before', () => {
    expect(due({ evaluatedTo: t('2026-11-28T11:00:00Z') })).toEqual({ windows: ['11:00-12:00'], skipped: 0, realigned: false });
    expect(due({ evaluatedTo: t('2026-11-28T12:00:00Z') })).toEqual({ windows: [], skipped: 0, realigned: false });
    expect(due({ evaluatedTo: t('2026-11-28T12:00:00Z'), now: t('2026-11-28T13:01:59.999Z') })).toMatchObject({ windows: [] });
    expect(due({ evaluatedTo: t('2026-11-28T12:00:00Z'), now: t('2026-11-28T13:02:00Z') })).toMatchObject({ windows: ['12:00-13:00'] });
  });

  it('is not due when the progress is ahead of the latest window (a replica with a shorter settle, a clock step back)', () => {
    expect(due({ evaluatedTo: t('2026-11-28T14:00:00Z') })).toEqual({ windows: [], skipped: 0, realigned: false });
  });

  it('catches up every window missed since the progress, oldest first', () => {
    expect(due({ evaluatedTo: t('2026-11-28T08:00:00Z') })).toEqual({ windows: ['08:00-09:00', '09:00-10:00', '10:00-11:00', '11:00-12:00'], skipped: 0, realigned: false });
  });

  it('keeps the latest window and at most maxCatchUp before it, counting the older ones as skipped', () => {
    expect(due({ evaluatedTo: t('2026-11-28T05:00:00Z'), maxCatchUp: 2 })).toEqual({ windows: ['09:00-10:00', '10:00-11:00', '11:00-12:00'], skipped: 4, realigned: false });
    expect(due({ evaluatedTo: t('2026-11-28T09:00:00Z'), maxCatchUp: 2 })).toEqual({ windows: ['09:00-10:00', '10:00-11:00', '11:00-12:00'], skipped: 0, realigned: false });
    expect(due({ evaluatedTo: t('2026-11-28T08:00:00Z'), maxCatchUp: 0 })).toEqual({ windows: ['11:00-12:00'], skipped: 3, realigned: false });
  });

  it('bounds a progress far in the past without building every missed window', () => {
    const result = dueWindows({ ...base, evaluatedTo: 0, maxCatchUp: 24 });
    expect(result.windows).toHaveLength(25);
    expect(result.skipped).toBe(t('2026-11-28T12:00:00Z') / HOUR - 25);
    expect(result.windows[0].from).toBe(t('2026-11-27T11:00:00Z'));
  });

  it('restarts at the latest window when the progress is off the interval grid (the interval changed)', () => {
    // Progress at 10:45 from a 15-minute interval, the rule now hourly.
    expect(due({ evaluatedTo: t('2026-11-28T10:45:00Z') })).toEqual({ windows: ['11:00-12:00'], skipped: 0, realigned: true });
    // Already past the latest hourly window: nothing due, nothing to realign yet.
    expect(due({ evaluatedTo: t('2026-11-28T12:15:00Z') })).toEqual({ windows: [], skipped: 0, realigned: false });
  });

  it('works on the 15-minute grid across a day boundary', () => {
    const result = due({ intervalMs: 900_000, now: t('2026-11-29T00:17:00Z'), evaluatedTo: t('2026-11-28T23:30:00Z') });
    expect(result).toEqual({ windows: ['23:30-23:45', '23:45-00:00', '00:00-00:15'], skipped: 0, realigned: false });
  });
});
