import { zoneOffsetMs } from '@quell/anomaly';
import type { BusinessHours, Weekday } from './service-catalog';

/** Date.getUTCDay order (Sunday first) in catalog words. */
const DAY_BY_INDEX: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The local weekday and minute of the day of `instant` in `timeZone` (DST as the zone has it). */
export function localTime(instant: number, timeZone: string): { day: Weekday; minute: number } {
  const wallClock = new Date(instant + zoneOffsetMs(timeZone, instant));
  return { day: DAY_BY_INDEX[wallClock.getUTCDay()], minute: wallClock.getUTCHours() * 60 + wallClock.getUTCMinutes() };
}

/** Outside business hours: a day not listed, or before start, or at or after end, in the tenant's zone. */
export function isAfterHours(instant: number, hours: BusinessHours): boolean {
  const { day, minute } = localTime(instant, hours.timeZone);
  return !hours.days.includes(day) || minute < hours.startMinute || minute >= hours.endMinute;
}
