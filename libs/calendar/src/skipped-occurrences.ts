import type { ChangeWindow } from '@quell/contracts';
import { RRuleTemporal } from 'rrule-temporal';
import { recurrenceOf } from './window-occurrences';

/**
 * The local dates on which a recurring window has no occurrence because its start wall time does
 * not exist there (it falls in a spring-forward gap; RFC 5545 §3.3.10 drops such instances). The
 * rule is expanded again on a clock without gaps (UTC standing in for the zone's wall clock); a
 * wall time it yields that does not survive a round trip through the zone is in a gap. The API and
 * CLI show these as warnings, so nobody is surprised by a maintenance night without a window.
 */
export function skippedLocalDates(window: ChangeWindow, from: number, to: number): string[] {
  if (!window.rrule) return [];
  const zoned = recurrenceOf(window);
  const wall = (epochMs: number) => zoned.options().dtstart.add({ milliseconds: epochMs - window.start }).toPlainDateTime();
  const wallStamp = (epochMs: number) => `${wall(epochMs).toString().replace(/[-:]/g, '').slice(0, 15)}Z`;
  const lines = [`DTSTART:${wallStamp(window.start)}`, `RRULE:${window.rrule.replace(/^RRULE:/i, '')}`];
  if (window.exdates.length > 0) lines.push(`EXDATE:${window.exdates.map(wallStamp).join(',')}`);
  const floating = new RRuleTemporal({ rruleString: lines.join('\n'), tzid: 'UTC' });
  // The floating clock runs up to 14 h off the zone's: widen the search, then keep what lies in range.
  const margin = 14 * 3_600_000;
  const skipped: string[] = [];
  for (const occurrence of floating.between(new Date(from - margin), new Date(to + margin), true)) {
    const local = occurrence.toPlainDateTime();
    const resolved = local.toZonedDateTime(window.timeZone);
    const inRange = resolved.epochMilliseconds >= from && resolved.epochMilliseconds < to;
    if (inRange && !resolved.toPlainDateTime().equals(local)) skipped.push(local.toPlainDate().toString());
  }
  return skipped;
}
