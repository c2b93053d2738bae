import { isAfterHours, localTime } from './business-hours';
import type { BusinessHours } from './service-catalog';

const office: BusinessHours = { timeZone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri'], startMinute: 8 * 60, endMinute: 18 * 60 };

describe('business hours', () => {
  it('reads the local weekday and minute in the tenant zone, DST included', () => {
    expect(localTime(Date.UTC(2026, 6, 1, 6, 0), 'Europe/Berlin')).toEqual({ day: 'wed', minute: 8 * 60 }); // CEST, UTC+2
    expect(localTime(Date.UTC(2026, 0, 7, 6, 0), 'Europe/Berlin')).toEqual({ day: 'wed', minute: 7 * 60 }); // CET, UTC+1
  });

  it('counts the start minute as business hours and the end minute as after hours', () => {
    expect(isAfterHours(Date.UTC(2026, 6, 1, 5, 59), office)).toBe(true);
    expect(isAfterHours(Date.UTC(2026, 6, 1, 6, 0), office)).toBe(false);
    expect(isAfterHours(Date.UTC(2026, 6, 1, 15, 59), office)).toBe(false);
    expect(isAfterHours(Date.UTC(2026, 6, 1, 16, 0), office)).toBe(true);
  });

  it('treats a day not listed as after hours all day, and 24:00 as the end of the day', () => {
    expect(isAfterHours(Date.UTC(2026, 6, 4, 10, 0), office)).toBe(true); // Saturday
    const allDay: BusinessHours = { ...office, days: ['sat'], startMinute: 0, endMinute: 24 * 60 };
    expect(isAfterHours(Date.UTC(2026, 6, 3, 22, 0), allDay)).toBe(false); // Saturday 00:00 in Berlin
    expect(isAfterHours(Date.UTC(2026, 6, 4, 21, 59), allDay)).toBe(false); // Saturday 23:59
    expect(isAfterHours(Date.UTC(2026, 6, 4, 22, 0), allDay)).toBe(true); // Sunday 00:00
  });
});
