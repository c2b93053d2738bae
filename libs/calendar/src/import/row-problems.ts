import type { ChangeWindow } from '@quell/contracts';
import { first } from './csv-records';
import type { ExportRecord, ImportRowError } from './import-types';
import { parseItsmDateTime } from './itsm-date';
import { quoted } from './quoted';

/** Collects what is wrong with one row, so a row reports all its problems at once. */
export class RowProblems {
  readonly errors: ImportRowError[] = [];

  constructor(
    readonly row: number,
    readonly ticketRef: string | null,
  ) {}

  add(field: string, reason: string): void {
    this.errors.push({ row: this.row, ticketRef: this.ticketRef, field, reason });
  }

  get any(): boolean {
    return this.errors.length > 0;
  }
}

/** A field's text and the export's name for it, for error messages. */
export interface NamedValue {
  field: string;
  text: string;
}

/** One window from a start and an end date-time; reports a missing, unreadable or inverted pair. */
export function readWindow(start: NamedValue, end: NamedValue, timeZone: string, problems: RowProblems): ChangeWindow | null {
  const from = readInstant(start, timeZone, problems);
  const to = readInstant(end, timeZone, problems);
  if (from === null || to === null) return null;
  if (to <= from) {
    problems.add(end.field, `ends (${end.text}) before or when it starts (${start.text})`);
    return null;
  }
  return { start: from, end: to, rrule: null, timeZone, exdates: [] };
}

function readInstant(value: NamedValue, timeZone: string, problems: RowProblems): number | null {
  if (!value.text) {
    problems.add(value.field, 'is empty: a change needs a planned window to be matched against alerts');
    return null;
  }
  const parsed = parseItsmDateTime(value.text, timeZone);
  if (typeof parsed === 'string') {
    problems.add(value.field, parsed);
    return null;
  }
  return parsed;
}

/** A date-time that only orders records (last updated); unreadable is reported, empty is null. */
export function readOptionalInstant(value: NamedValue, timeZone: string, problems: RowProblems): number | null {
  if (!value.text) return null;
  const parsed = parseItsmDateTime(value.text, timeZone);
  if (typeof parsed === 'string') {
    problems.add(value.field, parsed);
    return null;
  }
  return parsed;
}

const KINDS = ['normal', 'standard', 'emergency'] as const;
export type ImportedKind = (typeof KINDS)[number];

/** The export's names for the fields every ITSM change has. */
export interface CommonFieldNames {
  ticket: string;
  title: string;
  kind: string;
}

/** Ticket reference, title and kind (empty kind → normal), with the problems of the row so far. */
export function readCommonFields(record: ExportRecord, names: CommonFieldNames) {
  const ticketRef = first(record, names.ticket);
  const problems = new RowProblems(record.row, ticketRef || null);
  if (!ticketRef) problems.add(names.ticket, 'is empty: it is the ticket reference imports are matched by');
  const title = first(record, names.title);
  if (!title) problems.add(names.title, 'is empty: a change needs a title');
  const kindText = first(record, names.kind);
  const kind = (kindText.toLowerCase() || 'normal') as ImportedKind;
  if (!KINDS.includes(kind)) problems.add(names.kind, `${quoted(kindText)} is not normal, standard or emergency`);
  return { ticketRef, title, kind, problems };
}
