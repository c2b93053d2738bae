import { baselineWindows, evaluationWindowAt } from './rate-windows';

const t = (iso: string) => Date.parse(iso);
const isoWindow = (w: { from: number; to: number }) => [new Date(w.from).toISOString(), new Date(w.to).toISOString()];

describe('evaluation and baseline windows', () => {
  it('evaluates the latest complete interval, aligned to the epoch so replicas agree', () => {
    expect(isoWindow(evaluationWindowAt(t('2026-11-28T10:59:59.999Z'), 3_600_000))).toEqual(['2026-11-28T09:00:00.000Z', '2026-11-28T10:00:00.000Z']);
    expect(isoWindow(evaluationWindowAt(t('2026-11-28T11:00:00.000Z'), 3_600_000))).toEqual(['2026-11-28T10:00:00.000Z', '2026-11-28T11:00:00.000Z']);
    expect(isoWindow(evaluationWindowAt(t('2026-11-28T11:07:00.000Z'), 900_000))).toEqual(['2026-11-28T10:45:00.000Z', '2026-11-28T11:00:00.000Z']);
  });

  it('takes the same hour of the week in each previous week, across week, month and year boundaries', () => {
    // Monday 2026-01-05 00:00–01:00 UTC: the previous Mondays reach back into December 2025.
    const window = { from: t('2026-01-05T00:00:00Z'), to: t('2026-01-05T01:00:00Z') };
    const windows = baselineWindows(window, { kind: 'same-hour-of-week', weeks: 4 });
    expect(windows.map(isoWindow)).toEqual([
      ['2025-12-29T00:00:00.000Z', '2025-12-29T01:00:00.000Z'],
      ['2025-12-22T00:00:00.000Z', '2025-12-22T01:00:00.000Z'],
      ['2025-12-15T00:00:00.000Z', '2025-12-15T01:00:00.000Z'],
      ['2025-12-08T00:00:00.000Z', '2025-12-08T01:00:00.000Z'],
    ]);
    for (const w of windows) {
      expect(new Date(w.from).getUTCDay()).toBe(1);
      expect(new Date(w.from).getUTCHours()).toBe(0);
    }
  });

  it('keeps Sunday 23:00 on Sundays: the window before a week boundary never slides into Monday', () => {
    const window = { from: t('2026-11-29T23:00:00Z'), to: t('2026-11-30T00:00:00Z') };
    const windows = baselineWindows(window, { kind: 'same-hour-of-week', weeks: 2 });
    expect(windows.map(isoWindow)).toEqual([
      ['2026-11-22T23:00:00.000Z', '2026-11-23T00:00:00.000Z'],
      ['2026-11-15T23:00:00.000Z', '2026-11-16T00:00:00.000Z'],
    ]);
    expect(windows.every((w) => new Date(w.from).getUTCDay() === 0)).toBe(true);
  });

  it('keeps the wall-clock hour of a time zone across a daylight-saving change; UTC without a zone', () => {
    // Monday 2026-03-30 09:00–10:00 in Berlin (CEST, UTC+2); the clocks went forward on Sunday 2026-03-29.
    const window = { from: t('2026-03-30T07:00:00Z'), to: t('2026-03-30T08:00:00Z') };
    expect(baselineWindows(window, { kind: 'same-hour-of-week', weeks: 2, timeZone: 'Europe/Berlin' }).map(isoWindow)).toEqual([
      // Mondays 09:00–10:00 CET (UTC+1).
      ['2026-03-23T08:00:00.000Z', '2026-03-23T09:00:00.000Z'],
      ['2026-03-16T08:00:00.000Z', '2026-03-16T09:00:00.000Z'],
    ]);
    expect(baselineWindows(window, { kind: 'same-hour-of-week', weeks: 1 }).map(isoWindow)).toEqual([['2026-03-23T07:00:00.000Z', '2026-03-23T08:00:00.000Z']]);
    // Back in autumn (Sunday 2026-10-25): Monday 09:00 CET is 08:00 UTC, the Monday before 09:00 CEST was 07:00 UTC.
    const autumn = { from: t('2026-10-26T08:00:00Z'), to: t('2026-10-26T09:00:00Z') };
    expect(baselineWindows(autumn, { kind: 'same-hour-of-week', weeks: 1, timeZone: 'Europe/Berlin' }).map(isoWindow)).toEqual([['2026-10-19T07:00:00.000Z', '2026-10-19T08:00:00.000Z']]);
    // A zone without daylight saving shifts nothing.
    expect(baselineWindows(window, { kind: 'same-hour-of-week', weeks: 1, timeZone: 'Asia/Kolkata' }).map(isoWindow)).toEqual([['2026-03-23T07:00:00.000Z', '2026-03-23T08:00:00.000Z']]);
  });

  it('takes the intervals right before for a rolling baseline, across the week boundary', () => {
    const window = { from: t('2026-11-30T01:00:00Z'), to: t('2026-11-30T02:00:00Z') };
    expect(baselineWindows(window, { kind: 'rolling', intervals: 3 }).map(isoWindow)).toEqual([
      ['2026-11-30T00:00:00.000Z', '2026-11-30T01:00:00.000Z'],
      ['2026-11-29T23:00:00.000Z', '2026-11-30T00:00:00.000Z'],
      ['2026-11-29T22:00:00.000Z', '2026-11-29T23:00:00.000Z'],
    ]);
  });
});
