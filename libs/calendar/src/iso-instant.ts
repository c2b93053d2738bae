/** What an instant in a change must look like, as said in a 400. */
export const INSTANT_FORMAT = 'must be epoch milliseconds or ISO 8601 with Z or an offset, e.g. 2026-03-15T02:30:00+01:00';

/** The last millisecond of year 9999: later epoch values are no date (toISOString throws on them). */
export const MAX_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Epoch ms of an ISO 8601 date-time with Z or an offset, or null when it is not one. Every field
 * is range-checked: Date.parse rolls 2026-02-30 over to 2 March and answers NaN for month 13.
 */
export function isoInstant(text: string): number | null {
  const match = ISO_INSTANT.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match.slice(1).map((part) => Number(part ?? 0));
  if (!isWallTime(year, month, day, hour, minute, second) || offsetHours > 23 || offsetMinutes > 59) return null;
  const epochMs = Date.parse(text);
  return Number.isFinite(epochMs) ? epochMs : null;
}

/** Whether the fields name a real calendar date and time of day (month 1-12; no 30 February, no 25:00). */
export function isWallTime(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    wall.getUTCFullYear() === year && wall.getUTCMonth() === month - 1 && wall.getUTCDate() === day &&
    wall.getUTCHours() === hour && wall.getUTCMinutes() === minute && wall.getUTCSeconds() === second
  );
}
