import { parseItsmDateTime } from './itsm-date';

const utc = (iso: string) => Date.parse(iso);

describe('parseItsmDateTime', () => {
  it('reads ServiceNow wall-clock dates in the zone it is told', () => {
    expect(parseItsmDateTime('2026-03-14 01:00:00', 'UTC')).toBe(utc('2026-03-14T01:00:00Z'));
    expect(parseItsmDateTime('2026-03-14 01:00:00', 'Europe/Berlin')).toBe(utc('2026-03-14T00:00:00Z'));
    expect(parseItsmDateTime('2026-07-14 01:00', 'Europe/Berlin')).toBe(utc('2026-07-13T23:00:00Z'));
    expect(parseItsmDateTime('2026-03-14 01:00:00', 'America/New_York')).toBe(utc('2026-03-14T05:00:00Z')); // EDT since 8 March;
  });

  it('reads ISO 8601 with an offset as written, whatever the zone (Jira REST writes +0100)', () => {
    expect(parseItsmDateTime('2026-03-14T01:00:00.000+0100', 'Asia/Tokyo')).toBe(utc('2026-03-14T00:00:00Z'));
    expect(parseItsmDateTime('2026-03-14T01:00:00+01:00', 'UTC')).toBe(utc('2026-03-14T00:00:00Z'));
    expect(parseItsmDateTime('2026-03-14T00:00:00Z', 'Europe/Berlin')).toBe(utc('2026-03-14T00:00:00Z'));
  });

  it("reads Jira's default export format dd/MMM/yy h:mm a", () => {
    expect(parseItsmDateTime('14/Mar/26 1:00 AM', 'Europe/Berlin')).toBe(utc('2026-03-14T00:00:00Z'));
    expect(parseItsmDateTime('15/Mar/26 10:00 PM', 'Europe/Berlin')).toBe(utc('2026-03-15T21:00:00Z'));
    expect(parseItsmDateTime('1/Jan/2027 12:30 AM', 'UTC')).toBe(utc('2027-01-01T00:30:00Z'));
    expect(parseItsmDateTime('1/Jan/27 12:30 PM', 'UTC')).toBe(utc('2027-01-01T12:30:00Z'));
  });

  it('moves a time in the spring-forward gap past it and takes the first of an ambiguous autumn time', () => {
    // Europe/Berlin: 2026-03-29 02:00 → 03:00, 2026-10-25 03:00 → 02:00.
    expect(parseItsmDateTime('2026-03-29 02:30:00', 'Europe/Berlin')).toBe(utc('2026-03-29T01:30:00Z'));
    expect(parseItsmDateTime('2026-03-29 03:00:00', 'Europe/Berlin')).toBe(utc('2026-03-29T01:00:00Z'));
    expect(parseItsmDateTime('2026-10-25 02:30:00', 'Europe/Berlin')).toBe(utc('2026-10-25T00:30:00Z'));
    expect(parseItsmDateTime('2026-10-25 03:30:00', 'Europe/Berlin')).toBe(utc('2026-10-25T02:30:00Z'));
  });

  it('says why text is not a date', () => {
    expect(parseItsmDateTime('2026-02-30 01:00:00', 'UTC')).toMatch(/not a valid date-time/);
    expect(parseItsmDateTime('2026-02-30T01:00:00.000+0100', 'UTC')).toMatch(/not a valid date-time/); // not 2 March
    expect(parseItsmDateTime('2026-04-31T01:00:00Z', 'UTC')).toMatch(/not a valid date-time/);
    expect(parseItsmDateTime('2026-03-14 25:00:00', 'UTC')).toMatch(/not a valid date-time/);
    expect(parseItsmDateTime('14/Foo/26 1:00 AM', 'UTC')).toMatch(/unknown month "Foo"/);
    expect(parseItsmDateTime('13:00 14.03.2026', 'UTC')).toMatch(/is not a date-time the importer reads/);
    expect(parseItsmDateTime('14/Mar/26 13:00 PM', 'UTC')).toMatch(/hour outside 1-12/);
    expect(parseItsmDateTime('x'.repeat(5_000), 'UTC')).toMatch(/^"x{60}…" is not a date-time/);
  });
});
