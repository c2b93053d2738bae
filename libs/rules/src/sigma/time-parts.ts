import type { TimeModifier } from './value-modifiers';

/**
 * A date part (UTC) of the field's value when it is a date (ISO text or epoch milliseconds),
 * otherwise of the event's own time: time modifiers are about when the event happened.
 */
export function timePartOf(part: TimeModifier, value: string | undefined, eventTime: number): number | undefined {
  const parsed = value === undefined ? NaN : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  const date = new Date(Number.isFinite(parsed) ? parsed : eventTime);
  if (Number.isNaN(date.getTime())) return undefined;
  switch (part) {
    case 'minute': return date.getUTCMinutes();
    case 'hour': return date.getUTCHours();
    case 'day': return date.getUTCDate();
    case 'month': return date.getUTCMonth() + 1;
    case 'year': return date.getUTCFullYear();
    case 'week': return isoWeekOf(date);
  }
}

function isoWeekOf(date: Date): number {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
}
