import { readCsvRecords } from './csv-records';
import { ImportFormatError, type ExportRecord, type ImportFormat } from './import-types';

/** The change_request fields the importer reads (ServiceNow column names). */
export const SERVICENOW_FIELDS = [
  'number', 'short_description', 'description', 'type', 'state', 'approval', 'start_date', 'end_date', 'work_start', 'work_end',
  'assigned_to', 'requested_by', 'cmdb_ci', 'assignment_group', 'sys_updated_on', 'sys_id',
] as const;

// A list export with sysparm_export_column_header_label=true (or Excel-style headers) uses labels.
const LABELS: Record<string, string> = {
  Number: 'number', 'Short description': 'short_description', Description: 'description', Type: 'type', State: 'state',
  Approval: 'approval', 'Planned start date': 'start_date', 'Planned end date': 'end_date', 'Actual start date': 'work_start',
  'Actual end date': 'work_end', 'Assigned to': 'assigned_to', 'Requested by': 'requested_by', 'Configuration item': 'cmdb_ci',
  'Assignment group': 'assignment_group', Updated: 'sys_updated_on', 'Sys ID': 'sys_id',
};

const DATE_FIELDS = new Set(['start_date', 'end_date', 'work_start', 'work_end', 'sys_updated_on']);
const REFERENCE_FIELDS = new Set(['assigned_to', 'requested_by', 'cmdb_ci', 'assignment_group']);

/**
 * Records of a change_request export: a list CSV (column names or labels as headers), the JSONv2 /
 * JSON export `{"records":[...]}`, or the Table API `{"result":[...]}` (one record or many, with
 * sysparm_display_value false, true or all), or one bare record (a webhook push).
 */
export function readServiceNowExport(text: string, format: ImportFormat): ExportRecord[] {
  if (format === 'csv') return readCsvRecords(text).map((r) => ({ row: r.row, fields: renameLabels(r.fields) }));
  return serviceNowJsonRecords(parseJson(text)).map((record, index) => ({ row: index + 1, fields: flattenRecord(record, index + 1) }));
}

export function serviceNowJsonRecords(body: unknown): Array<Record<string, unknown>> {
  // A bare record is what a ServiceNow outbound REST message (a pushed webhook) usually sends.
  const container = isObject(body) ? (body.records ?? body.result ?? body) : body;
  const list = Array.isArray(container) ? container : isObject(container) ? [container] : null;
  if (!list) throw new ImportFormatError('a ServiceNow JSON export is {"records":[...]} (JSONv2), {"result":[...]} (Table API) or one record');
  return list.map((record, index) => {
    if (!isObject(record)) throw new ImportFormatError(`record ${index + 1} is not a JSON object`);
    return record;
  });
}

function renameLabels(fields: Map<string, string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, values] of fields) out.set(LABELS[name] ?? name, values);
  return out;
}

/**
 * One value per field. A Table API object value is {value, display_value, link}: references keep
 * their display value (a name, not a sys_id); other fields their raw value, and a raw date-time is
 * UTC whatever zone the user had, so it is marked with Z. JSONv2's displayvalue=all adds dv_<field>.
 */
function flattenRecord(record: Record<string, unknown>, row: number): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const [name, value] of Object.entries(record)) {
    if (name.startsWith('dv_')) continue;
    const display = record[`dv_${name}`];
    let text: string;
    if (isObject(value)) {
      const raw = stringOf(value.value);
      const shown = stringOf(value.display_value);
      if (REFERENCE_FIELDS.has(name)) text = shown || raw;
      else if (DATE_FIELDS.has(name) && raw) text = `${raw.replace(' ', 'T')}Z`;
      else text = raw || shown;
    } else if (value === null || value === undefined) text = '';
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') text = String(value);
    else throw new ImportFormatError(`record ${row}: field ${name} is neither text nor a {value, display_value} object`);
    if (REFERENCE_FIELDS.has(name) && typeof display === 'string' && display.trim()) text = display;
    fields.set(name, text.trim() ? [text.trim()] : []);
  }
  return fields;
}

function stringOf(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportFormatError(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
