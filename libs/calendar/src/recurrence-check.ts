import type { ChangeWindow } from '@quell/contracts';
import { rrulePartProblem } from './rrule-parts';
import { recurrenceOf } from './window-occurrences';

// Windows recurring more often than hourly make no sense for a change and would make expansion
// costly: no SECONDLY/MINUTELY, and a window starts at one minute and second (BYHOUR may list several).
const TOO_FINE = /(^|;)\s*FREQ=(SECONDLY|MINUTELY)\s*(;|$)/i;
const SEVERAL_MINUTES_OR_SECONDS = /(^|;)\s*BY(MINUTE|SECOND)=[^;]*,/i;
/** A trial expansion over this span must succeed (the library caps its own work and throws past it). */
const TRIAL_SPAN_MS = 366 * 24 * 3_600_000;

/** Why a window's RRULE is unusable, or null when it is fine. */
export function checkRecurrence(window: ChangeWindow): string | null {
  const rrule = window.rrule ?? '';
  if (/[\r\n]/.test(rrule) || /DTSTART|RDATE|EXDATE/i.test(rrule)) {
    return 'rrule must be one RRULE value such as FREQ=WEEKLY;BYDAY=SU (the window start is DTSTART; EXDATEs go in exdates)';
  }
  if (!/(^|;)\s*FREQ=/i.test(rrule.replace(/^RRULE:/i, ''))) return `invalid rrule "${rrule}": FREQ is required`;
  const partProblem = rrulePartProblem(rrule.replace(/^RRULE:/i, ''));
  if (partProblem) return `invalid rrule "${rrule}": ${partProblem}`;
  if (TOO_FINE.test(rrule.replace(/^RRULE:/i, ''))) return `invalid rrule "${rrule}": a change window may recur at most hourly`;
  if (SEVERAL_MINUTES_OR_SECONDS.test(rrule)) return `invalid rrule "${rrule}": BYMINUTE and BYSECOND take one value (a window starts at one time)`;
  try {
    const rule = recurrenceOf(window);
    if (!rule.next(new Date(window.start), true)) return `invalid rrule "${rrule}": it has no occurrence`;
    rule.between(new Date(window.start), new Date(window.start + TRIAL_SPAN_MS), true);
    return null;
  } catch (error) {
    return `invalid rrule "${rrule}": ${error instanceof Error ? error.message : String(error)}`;
  }
}
