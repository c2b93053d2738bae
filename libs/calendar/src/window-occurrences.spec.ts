import { skippedLocalDates } from './skipped-occurrences';
import { occurrencesOverlapping } from './window-occurrences';
import { windowOf } from './test/changes';

const at = (iso: string) => Date.parse(iso);
const asIso = (list: Array<{ start: number; end: number }>) => list.map((o) => [new Date(o.start).toISOString(), new Date(o.end).toISOString()]);

// Weekly Sunday 02:30–04:00 Europe/Berlin. 2026 switches: 29 March (02:00 CET -> 03:00 CEST) and
// 25 October (03:00 CEST -> 02:00 CET).
const sundays = (firstStartUtc: string, firstEndUtc: string) =>
  windowOf(at(firstStartUtc), at(firstEndUtc), { rrule: 'FREQ=WEEKLY;BYDAY=SU', timeZone: 'Europe/Berlin' });

describe('occurrencesOverlapping', () => {
  it('keeps 02:30–04:00 wall-clock time across the spring switch, and skips the Sunday whose 02:30 does not exist', () => {
    const window = sundays('2026-03-15T01:30:00Z', '2026-03-15T03:00:00Z');
    expect(asIso(occurrencesOverlapping(window, at('2026-03-14T00:00Z'), at('2026-04-06T00:00Z')))).toEqual([
      ['2026-03-15T01:30:00.000Z', '2026-03-15T03:00:00.000Z'], // CET, +01:00
      ['2026-03-22T01:30:00.000Z', '2026-03-22T03:00:00.000Z'],
      // 29 March: 02:30 falls in the 02:00–03:00 gap; RFC 5545 §3.3.10 says such an instance is ignored.
      ['2026-04-05T00:30:00.000Z', '2026-04-05T02:00:00.000Z'], // CEST, +02:00
    ]);
  });

  it('keeps wall-clock time across the autumn switch: the ambiguous 02:30 is its first instance, so that night lasts 2.5 h', () => {
    const window = sundays('2026-10-18T00:30:00Z', '2026-10-18T02:00:00Z');
    expect(asIso(occurrencesOverlapping(window, at('2026-10-17T00:00Z'), at('2026-11-02T00:00Z')))).toEqual([
      ['2026-10-18T00:30:00.000Z', '2026-10-18T02:00:00.000Z'],
      ['2026-10-25T00:30:00.000Z', '2026-10-25T03:00:00.000Z'], // 02:30 CEST to 04:00 CET
      ['2026-11-01T01:30:00.000Z', '2026-11-01T03:00:00.000Z'],
    ]);
  });

  it('leaves out EXDATEs', () => {
    const window = { ...sundays('2026-03-15T01:30:00Z', '2026-03-15T03:00:00Z'), exdates: [at('2026-03-22T01:30:00Z')] };
    expect(asIso(occurrencesOverlapping(window, at('2026-03-14T00:00Z'), at('2026-03-30T00:00Z')))).toEqual([
      ['2026-03-15T01:30:00.000Z', '2026-03-15T03:00:00.000Z'],
    ]);
  });

  it('honours COUNT and UNTIL', () => {
    const counted = windowOf(at('2026-01-05T22:00:00Z'), at('2026-01-05T23:00:00Z'), { rrule: 'FREQ=DAILY;COUNT=2' });
    expect(occurrencesOverlapping(counted, at('2026-01-01T00:00Z'), at('2026-02-01T00:00Z'))).toHaveLength(2);
    const until = windowOf(at('2026-01-05T22:00:00Z'), at('2026-01-05T23:00:00Z'), { rrule: 'FREQ=DAILY;UNTIL=20260107T235959Z' });
    expect(occurrencesOverlapping(until, at('2026-01-01T00:00Z'), at('2026-02-01T00:00Z'))).toHaveLength(3);
  });

  it('includes an occurrence that started before the range and is still open', () => {
    const window = sundays('2026-03-15T01:30:00Z', '2026-03-15T03:00:00Z');
    expect(asIso(occurrencesOverlapping(window, at('2026-03-22T02:59:59Z'), at('2026-03-22T03:00:00Z')))).toEqual([
      ['2026-03-22T01:30:00.000Z', '2026-03-22T03:00:00.000Z'],
    ]);
    expect(occurrencesOverlapping(window, at('2026-03-22T03:00:00Z'), at('2026-03-22T04:00:00Z'))).toEqual([]);
  });

  it('returns a one-off window only when it overlaps the range (start included, end excluded)', () => {
    expect(occurrencesOverlapping(windowOf(10, 20), 19, 30)).toEqual([{ start: 10, end: 20 }]);
    expect(occurrencesOverlapping(windowOf(10, 20), 20, 30)).toEqual([]);
    expect(occurrencesOverlapping(windowOf(10, 20), 0, 10)).toEqual([]);
  });
});

describe('skippedLocalDates', () => {
  it('names the Sunday whose 02:30 falls in the spring gap, and no other', () => {
    const window = sundays('2026-03-15T01:30:00Z', '2026-03-15T03:00:00Z');
    expect(skippedLocalDates(window, at('2026-01-01T00:00Z'), at('2027-01-01T00:00Z'))).toEqual(['2026-03-29']);
    expect(skippedLocalDates(window, at('2026-04-01T00:00Z'), at('2027-01-01T00:00Z'))).toEqual([]);
  });

  it('is empty for a window outside the gap hour and for a one-off window', () => {
    expect(skippedLocalDates(sundays('2026-03-15T02:00:00Z', '2026-03-15T03:00:00Z'), at('2026-01-01T00:00Z'), at('2027-01-01T00:00Z'))).toEqual([]);
    expect(skippedLocalDates(windowOf(0, 1), 0, at('2027-01-01T00:00Z'))).toEqual([]);
  });
});
