const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;
/** A BSD timestamp up to this far after the receive time is clock skew or a time zone, not next year. */
const FUTURE_TOLERANCE_MS = 2 * DAY_MS;

/**
 * `Mmm dd hh:mm:ss` (day space-padded or not, optional fraction; RFC 3164 §4.1.2), plus the Cisco
 * form with a year, `Mmm dd yyyy hh:mm:ss`, and the colon Cisco puts after it.
 */
export const BSD_TIMESTAMP = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (?:(\d{4}) )?(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?:?(?= |$)/;

/**
 * A BSD timestamp has no year and no zone. It is read as UTC and given the year that puts it
 * closest to the receive time without landing more than two days after it: a December line
 * received on 1 January belongs to the previous year, and a line is never dated in the future.
 */
export function resolveBsdTimestamp(match: RegExpExecArray, receivedAt: number): number | undefined {
  const month = MONTHS.indexOf(match[1]);
  const day = Number(match[2]);
  const [hour, minute, second] = [Number(match[4]), Number(match[5]), Number(match[6])];
  if (month < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = match[7] ? Number(match[7].slice(0, 3).padEnd(3, '0')) : 0;
  const receivedYear = new Date(receivedAt).getUTCFullYear();
  // A written year is taken as is; otherwise the nearest plausible one.
  const years = match[3] ? [Number(match[3])] : [receivedYear - 1, receivedYear, receivedYear + 1];
  let best: number | undefined;
  for (const year of years) {
    const t = Date.UTC(year, month, day, hour, minute, second, ms);
    // Feb 29 only exists in leap years; Date.UTC would roll it over to Mar 1.
    if (new Date(t).getUTCDate() !== day) continue;
    if (!match[3] && t - receivedAt > FUTURE_TOLERANCE_MS) continue;
    if (best === undefined || Math.abs(t - receivedAt) < Math.abs(best - receivedAt)) best = t;
  }
  return best;
}
