import { zoneOffsetMs } from '@quell/anomaly';
import { isWallTime } from '../iso-instant';
import { quoted } from './quoted';

/**
 * Dates as ITSM exports write them, read in the zone the export was made in:
 * - `yyyy-MM-dd HH:mm[:ss]` (ServiceNow's default and its raw UTC values),
 * - ISO 8601 with Z or an offset (`2026-03-29T01:00:00.000+0200`, Jira REST), zone ignored,
 * - Jira's default export format `dd/MMM/yy h:mm a` (`29/Mar/26 1:00 AM`).
 * Returns epoch ms, or a reason the text is not a date.
 */
export function parseItsmDateTime(text: string, timeZone: string): number | string {
  const value = text.trim();
  const iso = ISO_WITH_OFFSET.exec(value);
  if (iso) {
    const [y, mo, d, h, mi, s] = [...iso[1].split('-'), ...iso[2].split(':'), (iso[3] ?? ':00').slice(1)].map(Number);
    // Date.parse alone would roll 2026-02-30 over to 2 March.
    const ms = isWallTime(y, mo, d, h, mi, s) ? Date.parse(`${iso[1]}T${iso[2]}${iso[3] ?? ':00'}${iso[4] ?? ''}${normalizeOffset(iso[5])}`) : NaN;
    return Number.isNaN(ms) ? `${quoted(text)} is not a valid date-time` : ms;
  }
  const plain = PLAIN.exec(value);
  if (plain) {
    const [, y, mo, d, h, mi, s] = plain;
    return wallClock(timeZone, +y, +mo, +d, +h, +mi, s ? +s : 0, text);
  }
  const jira = JIRA_DEFAULT.exec(value);
  if (jira) {
    const [, d, monthName, yy, h12, mi, meridiem] = jira;
    const month = MONTHS.indexOf(monthName.toLowerCase()) + 1;
    if (month === 0) return `${quoted(text)} has an unknown month "${monthName}"`;
    const year = yy.length === 2 ? 2000 + +yy : +yy;
    const hour = (+h12 % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
    if (+h12 < 1 || +h12 > 12) return `${quoted(text)} has an hour outside 1-12`;
    return wallClock(timeZone, year, month, +d, hour, +mi, 0, text);
  }
  return `${quoted(text)} is not a date-time the importer reads (yyyy-MM-dd HH:mm:ss, ISO 8601 with an offset, or dd/MMM/yy h:mm AM)`;
}

const ISO_WITH_OFFSET = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;
const PLAIN = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
const JIRA_DEFAULT = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4}) (\d{1,2}):(\d{2}) ?([AaPp][Mm])$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function normalizeOffset(offset: string): string {
  return offset === 'Z' || offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

/**
 * The instant a wall-clock time names in a zone. A time in the spring-forward gap moves forward by
 * the gap and an ambiguous autumn time takes the earlier instant (RFC 5545 and Temporal's
 * "compatible" choice, as the calendar's recurrence expansion does).
 */
function wallClock(timeZone: string, y: number, mo: number, d: number, h: number, mi: number, s: number, text: string): number | string {
  if (!isWallTime(y, mo, d, h, mi, s)) return `${quoted(text)} is not a valid date-time`;
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const before = asUtc - zoneOffsetMs(timeZone, asUtc - DAY);
  const after = asUtc - zoneOffsetMs(timeZone, asUtc + DAY);
  // Earlier candidate first: it is right when the zone shows this wall time at it (ambiguous → earlier).
  const candidates = [Math.min(before, after), Math.max(before, after)];
  for (const instant of candidates) if (instant + zoneOffsetMs(timeZone, instant) === asUtc) return instant;
  // In the gap: the wall time does not exist; read it with the offset from before the jump.
  return asUtc - zoneOffsetMs(timeZone, asUtc - DAY);
}

const DAY = 86_400_000;
