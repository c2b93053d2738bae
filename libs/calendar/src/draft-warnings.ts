import type { ChangeWindow } from '@quell/contracts';
import type { ChangeDraft, InputProblem } from './change-input';
import { skippedLocalDates } from './skipped-occurrences';
import { occurrencesOverlapping } from './window-occurrences';

/**
 * What is valid but likely not what the author meant, for the API and CLI to show beside a saved
 * change: occurrences a DST gap removes within [from, to), and exdates that remove nothing.
 * Overlaps are reported by findOverlaps.
 */
export function draftWarnings(draft: ChangeDraft, from: number, to: number): InputProblem[] {
  return draft.windows.flatMap((window, index) => {
    const warnings = idleExdates(window).map((i) => ({ path: `windows.${index}.exdates.${i}`, message: idleExdateMessage(window, window.exdates[i]) }));
    const dates = skippedLocalDates(window, from, to);
    if (dates.length === 0) return warnings;
    const message = `no occurrence on ${dates.join(', ')}: the start time does not exist there in ${window.timeZone} (clocks spring forward; RFC 5545 skips such occurrences)`;
    return [{ path: `windows.${index}`, message }, ...warnings];
  });
}

/** Indexes of exdates that are no occurrence's start: RFC 5545 matches an EXDATE exactly, so they exclude nothing. */
function idleExdates(window: ChangeWindow): number[] {
  if (window.exdates.length === 0) return [];
  const everyOccurrence: ChangeWindow = { ...window, exdates: [] };
  const starts = (at: number) => window.rrule !== null && occurrencesOverlapping(everyOccurrence, at, at + 1).some((o) => o.start === at);
  return window.exdates.flatMap((at, i) => (starts(at) ? [] : [i]));
}

function idleExdateMessage(window: ChangeWindow, at: number): string {
  const when = new Date(at).toISOString();
  if (!window.rrule) return `${when} excludes nothing: exdates apply to a recurring window (rrule) only`;
  return `${when} is no occurrence's start, so it excludes nothing (an exdate is the exact start of the occurrence it removes)`;
}
