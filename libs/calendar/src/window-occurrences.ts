import type { ChangeWindow } from '@quell/contracts';
import { RRuleTemporal, type TemporalZonedDateTime } from 'rrule-temporal';

/** One occurrence of a change window: start included, end excluded, epoch milliseconds. */
export interface Occurrence {
  start: number;
  end: number;
}

/**
 * The most occurrences one expansion returns. Validation refuses rules finer than hourly, so a
 * horizon of weeks stays far below it; the cap is for a rule that slipped past validation.
 */
export const MAX_OCCURRENCES_PER_EXPANSION = 5_000;

// Parsing a rule costs far more than expanding it; windows are immutable records, so cache by identity.
const rules = new WeakMap<ChangeWindow, RRuleTemporal>();

/** RFC 5545 UTC date-time, e.g. 20260329T003000Z. */
export function icsUtc(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The rule of a recurring window, DTSTART being the window's start in its time zone. Throws the
 * library's error for an invalid RRULE or an unknown time zone (validation reports both first).
 */
export function recurrenceOf(window: ChangeWindow): RRuleTemporal {
  let rule = rules.get(window);
  if (!rule) {
    if (!window.rrule) throw new Error('the window does not recur');
    const lines = [`DTSTART:${icsUtc(window.start)}`, `RRULE:${window.rrule.replace(/^RRULE:/i, '')}`];
    if (window.exdates.length > 0) lines.push(`EXDATE:${window.exdates.map(icsUtc).join(',')}`);
    rule = new RRuleTemporal({ rruleString: lines.join('\n'), tzid: window.timeZone });
    rules.set(window, rule);
  }
  return rule;
}

/**
 * Occurrences of a window that overlap [from, to). A recurring window keeps its wall-clock start
 * and end in its time zone on every date (02:30–04:00 stays 02:30–04:00 across DST, so the
 * occurrence lasts 2.5 h on the night clocks go back). A start that does not exist that day (inside
 * the spring-forward gap) yields no occurrence, as RFC 5545 §3.3.10 requires; an ambiguous one
 * (the autumn repeat) is its first instance, as RFC 5545 §3.3.5 says.
 */
export function occurrencesOverlapping(window: ChangeWindow, from: number, to: number): Occurrence[] {
  if (!window.rrule) return window.start < to && window.end > from ? [{ start: window.start, end: window.end }] : [];
  const rule = recurrenceOf(window);
  const dtstart = rule.options().dtstart;
  const wallSpan = dtstart.add({ milliseconds: window.end - window.start }).toPlainDateTime().since(dtstart.toPlainDateTime());
  // An occurrence starting up to one (DST-stretched) span before `from` may still overlap it.
  const reach = window.end - window.start + HOUR;
  const out: Occurrence[] = [];
  for (const occurrence of rule.between(new Date(from - reach), new Date(to), true)) {
    if (out.length >= MAX_OCCURRENCES_PER_EXPANSION) break;
    const start = occurrence.epochMilliseconds;
    const end = wallEnd(occurrence, wallSpan);
    if (start < to && end > from) out.push({ start, end });
  }
  return out;
}

const HOUR = 3_600_000;

function wallEnd(start: TemporalZonedDateTime, wallSpan: ReturnType<TemporalZonedDateTime['since']>): number {
  // 'compatible': an end inside the spring gap moves past it, an ambiguous one takes the earlier instant.
  return start.toPlainDateTime().add(wallSpan).toZonedDateTime(start.timeZoneId).epochMilliseconds;
}
