import { parseRfc3339 } from '../syslog/rfc3339-time';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** `MMM dd yyyy HH:mm:ss[.SSS] [zone]` and `MMM dd HH:mm:ss…`, the forms CEF `rt` and LEEF `devTime` allow. */
const MONTH_FIRST = /^([A-Za-z]{3}) +(\d{1,2})(?: (\d{4}))? (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?: ?(Z|UTC|GMT|[+-]\d{2}:?\d{2}))?$/;

/**
 * Device times in CEF and LEEF: epoch milliseconds (or seconds), RFC 3339, or the month-first form.
 * A form without a year takes the receive time's year; without a zone it is read as UTC.
 */
export function parseVendorTime(text: string, receivedAt: number): number | undefined {
  const value = text.trim();
  if (/^\d{9,13}(\.\d+)?$/.test(value)) {
    const n = Number(value);
    return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
  }
  const iso = parseRfc3339(value);
  if (iso !== undefined) return iso;
  // `2013-8-19 6:34:41`: unpadded date-time some devices write (read as UTC).
  const loose = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})$/.exec(value);
  if (loose) return Date.UTC(Number(loose[1]), Number(loose[2]) - 1, Number(loose[3]), Number(loose[4]), Number(loose[5]), Number(loose[6]));
  const m = MONTH_FIRST.exec(value);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1].toLowerCase());
  if (month < 0) return undefined;
  const year = m[3] ? Number(m[3]) : new Date(receivedAt).getUTCFullYear();
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  const local = Date.UTC(year, month, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  const zone = m[8];
  if (!zone || zone === 'Z' || zone === 'UTC' || zone === 'GMT') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return local - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}
