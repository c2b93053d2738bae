import { join } from 'node:path';
import { REFERENCE, STORY } from './demo-stories';
import { demoTimeline, movedByDays, movedCalendar, nightShiftDays } from './demo-timeline';

const DIR = join(__dirname, '..', '..', '..', '..', 'deploy', 'samples', 'demo');
const berlin = (t: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' }).format(t);

describe('the demo moved to the present', () => {
  it('moves a night by whole local days, keeping its wall-clock time across a DST change', () => {
    const oneTen = Date.parse('2026-12-01T00:10:00Z'); // 01:10 in Berlin (CET)
    expect(berlin(movedByDays(oneTen, 2))).toBe('2026-12-03 01:10');
    expect(berlin(movedByDays(oneTen, 200))).toBe('2027-06-19 01:10'); // CEST by then
  });

  it('puts the night change on the latest night that is at least an hour over', () => {
    const last = REFERENCE.nightWindowStart + (2 * 60 + 40) * 60_000; // 03:40 in Berlin
    expect(berlin(movedByDays(last, nightShiftDays(Date.parse('2026-12-04T09:00:00Z'), last)))).toBe('2026-12-04 03:40');
    // 04:10 in Berlin: that night's last change is only half an hour old, so the night before.
    expect(berlin(movedByDays(last, nightShiftDays(Date.parse('2026-12-04T03:10:00Z'), last)))).toBe('2026-12-03 03:40');
  });

  it('moves the calendar export by the same days and leaves its times alone', () => {
    expect(movedCalendar('"CHG1","2026-12-01 01:00:00","2026-12-01 03:00:00","2026-11-27 16:20:11"', 3)).toBe('"CHG1","2026-12-04 01:00:00","2026-12-04 03:00:00","2026-11-30 16:20:11"');
  });

  it('sends every story in time order, the storm ending a minute before now and the night before it', () => {
    const now = Date.parse('2026-12-04T09:00:00Z');
    const { records, calendarCsv, nightDays } = demoTimeline(DIR, now);
    expect(nightDays).toBe(3);
    expect(records.length).toBeGreaterThan(2_000);
    expect(records.map((r) => r.at)).toEqual([...records.map((r) => r.at)].sort((a, b) => a - b));
    expect(records[records.length - 1].at).toBeLessThanOrEqual(now - 60_000);
    expect(records[0].at).toBeGreaterThan(now - 14 * 86_400_000);
    for (const record of records) expect(JSON.parse(record.line)['@timestamp']).toBe(new Date(record.at).toISOString());
    const night = records.filter((r) => r.line.includes(`"name":"${STORY.night.host}"`)).map((r) => berlin(r.at));
    expect(night[0]).toBe('2026-12-04 01:04');
    expect(calendarCsv).toContain('"2026-12-04 01:00:00","2026-12-04 03:00:00"');
  });
});
