import { parse } from 'csv-parse/sync';
import { ImportFormatError, type ExportRecord } from './import-types';

/**
 * CSV rows keyed by header. A header may repeat (Jira writes one column per value of a multi-value
 * field, all with the same header), so every field maps to a list of its non-empty values.
 */
export function readCsvRecords(text: string): ExportRecord[] {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new ImportFormatError(`not a readable CSV file: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (rows.length === 0) throw new ImportFormatError('the CSV file is empty (no header row)');
  const [header, ...data] = rows;
  const names = header.map((h) => h.trim());
  return data.map((cells, index) => {
    const fields = new Map<string, string[]>();
    names.forEach((name, column) => {
      const value = (cells[column] ?? '').trim();
      const list = fields.get(name) ?? [];
      if (value) list.push(value);
      fields.set(name, list);
    });
    return { row: index + 1, fields };
  });
}

/** The first value of a field, or '' when the field is absent or empty. */
export function first(record: ExportRecord, ...names: string[]): string {
  for (const name of names) {
    const value = record.fields.get(name)?.[0];
    if (value) return value;
  }
  return '';
}

/** Whether the export has the column at all (a missing column and an empty cell mean different things). */
export function hasField(record: ExportRecord, name: string): boolean {
  return record.fields.has(name);
}
