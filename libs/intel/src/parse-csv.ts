import { parse, type Options } from 'csv-parse/sync';
import { emptySkipped, severityOf, Watchlist } from './indicator';
import { EntryFields, IndicatorCollector, indicatorOfEntry } from './list-entry';
import { kindOf } from './normalize-indicator';

export interface CsvListOptions {
  /** The list's kind for a one-column list (or a table without a type column), e.g. `user`. */
  type?: string;
}

const COLUMNS = ['type', 'value', 'description', 'severity', 'source', 'subdomains'] as const;
const COLUMN_ALIASES: Record<string, (typeof COLUMNS)[number]> = { kind: 'type', indicator: 'value', include_subdomains: 'subdomains', level: 'severity' };

/** `# type: user`, `# severity: high`, `# description: …` lines at the top of the file. */
function directivesOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const match = /^#\s*(type|kind|severity|description)\s*[:=]\s*(.+?)\s*$/i.exec(line);
    if (match) out[match[1].toLowerCase() === 'kind' ? 'type' : match[1].toLowerCase()] = match[2];
    else if (!line.startsWith('#')) break;
  }
  return out;
}

/**
 * A CSV watchlist: a table whose header has at least `value` (and `type` unless the list declares
 * its kind; optional description, severity, source, subdomains), or a one-column list of values
 * whose kind comes from a one-word header (`ip`, `domain`, `user` …), a `# type: <kind>` line or
 * `options.type`. Lines starting with `#` are comments. Each bad row is reported with its line.
 */
export function parseCsvWatchlist(name: string, text: string, options: CsvListOptions = {}): Watchlist {
  const directives = directivesOf(text);
  const collector = new IndicatorCollector();
  const list: Watchlist = { name, indicators: collector.indicators, errors: collector.errors, skipped: emptySkipped() };
  if (directives['description']) list.description = directives['description'];
  if (directives['severity']) {
    const severity = severityOf(directives['severity']);
    if (severity) list.severity = severity;
    else list.errors.push({ line: 1, reason: `unknown list severity "${directives['severity']}"` });
  }
  // csv-parse calls on_skip for each record skipped on error; its typings do not declare it.
  const csvOptions: Options & { on_skip: (error: Error & { lines?: number }) => void } = {
    bom: true,
    comment: '#',
    comment_no_infix: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (error) => {
      if (error) list.errors.push({ line: error.lines, reason: error.message });
    },
  };
  const rows = parse(text, csvOptions) as Array<{ record: string[]; info: { lines: number } }>;
  let declared = options.type ?? directives['type'];
  let columns: Partial<Record<(typeof COLUMNS)[number], number>> | undefined;
  let start = 0;
  const first = rows[0]?.record.map((cell) => cell.toLowerCase());
  if (first?.includes('value') || first?.includes('indicator')) {
    columns = {};
    first.forEach((cell, i) => {
      const column = COLUMN_ALIASES[cell] ?? (COLUMNS as readonly string[]).find((c) => c === cell);
      if (column && columns && columns[column as (typeof COLUMNS)[number]] === undefined) columns[column as (typeof COLUMNS)[number]] = i;
    });
    start = 1;
  } else if (first?.length === 1 && kindOf(first[0]) !== undefined) {
    declared ??= first[0];
    start = 1;
  }
  if (!declared && columns?.type === undefined) {
    list.fileError = 'the list does not say what its values are: add a type column, a one-word header (ip, domain, hash, user …) or a "# type: <kind>" line';
    list.errors.push({ line: rows[0]?.info.lines ?? 1, reason: list.fileError });
    return list;
  }
  for (const { record, info } of rows.slice(start)) {
    const cell = (index: number | undefined) => (index === undefined ? undefined : record[index]);
    const fields: EntryFields = columns
      ? { type: cell(columns.type), value: cell(columns.value), description: cell(columns.description), severity: cell(columns.severity), source: cell(columns.source), subdomains: cell(columns.subdomains) }
      : { value: record[0] };
    collector.add(indicatorOfEntry(fields, declared), { line: info.lines });
  }
  return list;
}
