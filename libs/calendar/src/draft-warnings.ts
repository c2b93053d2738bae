import type { ChangeDraft, InputProblem } from './change-input';
import { skippedLocalDates } from './skipped-occurrences';

/**
 * What is valid but likely not what the author meant, for the API and CLI to show beside a saved
 * change: occurrences a DST gap removes within [from, to). Overlaps are reported by findOverlaps.
 */
export function draftWarnings(draft: ChangeDraft, from: number, to: number): InputProblem[] {
  return draft.windows.flatMap((window, index) => {
    const dates = skippedLocalDates(window, from, to);
    if (dates.length === 0) return [];
    const message = `no occurrence on ${dates.join(', ')}: the start time does not exist there in ${window.timeZone} (clocks spring forward; RFC 5545 skips such occurrences)`;
    return [{ path: `windows.${index}`, message }];
  });
}
