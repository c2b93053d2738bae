import type { ChangeWindow } from '@quell/contracts';
import { recurrenceOf } from './window-occurrences';

// Windows recurring more often than hourly make no sense for a change and would make expansion costly.
const TOO_FINE = /(^|;)\s*FREQ=(SECONDLY|MINUTELY)\s*(;|$)/i;

/** Why a window's RRULE is unusable, or null when it is fine. */
export function checkRecurrence(window: ChangeWindow): string | null {
  const rrule = window.rrule ?? '';
  if (/[\r\n]/.test(rrule) || /DTSTART|RDATE|EXDATE/i.test(rrule)) {
    return 'rrule must be one RRULE value such as FREQ=WEEKLY;BYDAY=SU (the window start is DTSTART; EXDATEs go in exdates)';
  }
  if (!/(^|;)\s*FREQ=/i.test(rrule.replace(/^RRULE:/i, ''))) return `invalid rrule "${rrule}": FREQ is required`;
  if (TOO_FINE.test(rrule.replace(/^RRULE:/i, ''))) return `invalid rrule "${rrule}": a change window may recur at most hourly`;
  try {
    recurrenceOf(window).next(new Date(window.start), true);
    return null;
  } catch (error) {
    return `invalid rrule "${rrule}": ${error instanceof Error ? error.message : String(error)}`;
  }
}
