import { isTimeZone, zoneOffsetMs } from './time-zone';

const t = (iso: string) => Date.parse(iso);

/** The offset read from a fresh formatter at the instant itself: what the cache must agree with. */
function offsetFromFreshIntl(timeZone: string, instant: number): number {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const parts: Record<string, number> = {};
  for (const { type, value } of format.formatToParts(instant)) parts[type] = Number(value);
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - (instant - (instant % 1000));
}

describe('zone offsets', () => {
  it.each([
    // Spring forward and fall back, a half-hour daylight saving shift, and a zone 5:45 ahead of UTC.
    ['Europe/Berlin', '2026-03-29T00:00:00Z', '2026-10-25T00:00:00Z'],
    ['America/New_York', '2026-03-08T05:00:00Z', '2026-11-01T04:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T14:00:00Z', '2026-10-03T14:00:00Z'],
    ['Asia/Kathmandu', '2026-03-29T00:00:00Z', '2026-10-25T00:00:00Z'],
  ])('in %s, agree with Intl at every instant around both changes of the year', (zone, spring, autumn) => {
    for (const from of [t(spring), t(autumn)]) {
      // Every 7 minutes and 13 seconds over four hours, twice: the second pass reads the cache.
      for (const pass of [1, 2]) {
        for (let instant = from; instant < from + 4 * 3_600_000; instant += 433_000) {
          expect([pass, new Date(instant).toISOString(), zoneOffsetMs(zone, instant)]).toEqual([pass, new Date(instant).toISOString(), offsetFromFreshIntl(zone, instant)]);
        }
      }
    }
  });

  it('reads a quarter hour holding an odd-minute change at the instant itself (Monrovia, 7 January 1972, -0:44:30 to GMT)', () => {
    expect(zoneOffsetMs('Africa/Monrovia', t('1972-01-07T00:30:00Z'))).toBe(-2_670_000);
    expect(zoneOffsetMs('Africa/Monrovia', t('1972-01-07T00:44:29Z'))).toBe(-2_670_000);
    expect(zoneOffsetMs('Africa/Monrovia', t('1972-01-07T00:44:30Z'))).toBe(0);
    expect(zoneOffsetMs('Africa/Monrovia', t('1972-01-07T00:44:29.500Z'))).toBe(-2_670_000);
  });

  it('reads UTC as 0 and refuses a zone the runtime does not know', () => {
    expect(zoneOffsetMs('UTC', t('2026-07-01T12:00:00Z'))).toBe(0);
    expect(() => zoneOffsetMs('Mars/Olympus_Mons', t('2026-07-01T12:00:00Z'))).toThrow(RangeError);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('Asia/Kathmandu')).toBe(true);
  });
});
