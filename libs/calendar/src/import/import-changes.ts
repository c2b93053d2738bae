import type { ChangeLimits } from '../change-input';
import { isKnownTimeZone } from '../time-zone';
import { importedDraftChecker } from './draft-check';
import { ImportFormatError, type ImportedChange, type ImportFormat, type ImportResult, type ImportRowError, type ItsmSource } from './import-types';
import { mapJiraIssue, type JiraMappingOptions } from './jira-change';
import { readJiraExport } from './jira-export';
import { mapServiceNowRecord } from './servicenow-change';
import { readServiceNowExport } from './servicenow-export';
import { quoted } from './quoted';

/** Rows one import takes; a change calendar holds thousands of changes, not millions. */
export const MAX_IMPORT_ROWS = 20_000;

export interface ImportRequest {
  source: ItsmSource;
  format: ImportFormat;
  /** The file's text (CSV or JSON). */
  text: string;
  /** The calendar's limits (the service's configuration), checked as for a change a user writes. */
  limits: ChangeLimits;
  /** IANA zone the export's wall-clock dates are in; default UTC (ServiceNow's raw values are UTC). */
  timeZone?: string;
  /** Jira only: custom field id → name, for REST bodies without `names` (webhooks). */
  jiraFieldNames?: Record<string, string>;
  jiraStatusMap?: JiraMappingOptions['statusMap'];
  jiraScopeFields?: string[];
}

/**
 * Reads an ITSM export into changes and per-row errors. A row that cannot be mapped is reported
 * with its row number, field and reason; a ticket that appears twice keeps its most recently
 * updated row and reports the other. Throws ImportFormatError when the file itself is unreadable
 * or the time zone is unknown (nothing could be imported right).
 */
export function importChanges(request: ImportRequest): ImportResult {
  const timeZone = request.timeZone ?? 'UTC';
  if (!isKnownTimeZone(timeZone)) throw new ImportFormatError(`unknown time zone ${quoted(timeZone)} (use an IANA name such as Europe/Berlin)`);
  const records =
    request.source === 'servicenow' ? readServiceNowExport(request.text, request.format) : readJiraExport(request.text, request.format, request.jiraFieldNames);
  if (records.length > MAX_IMPORT_ROWS) {
    throw new ImportFormatError(`the export has ${records.length} rows, more than the ${MAX_IMPORT_ROWS} one import takes: split it (e.g. by date range)`);
  }
  const mapped = records.map((r) =>
    request.source === 'servicenow'
      ? mapServiceNowRecord(r, timeZone)
      : mapJiraIssue(r, { timeZone, statusMap: request.jiraStatusMap, scopeFields: request.jiraScopeFields }),
  );
  const errors: ImportRowError[] = mapped.filter(Array.isArray).flat();
  const checkDraft = importedDraftChecker(request.limits);
  const valid = mapped.filter((m): m is ImportedChange => !Array.isArray(m)).filter((change) => {
    const problems = checkDraft(change);
    errors.push(...problems);
    return problems.length === 0;
  });
  const changes = keepNewest(valid, errors);
  return { changes, errors: errors.sort((a, b) => a.row - b.row) };
}

function keepNewest(changes: ImportedChange[], errors: ImportRowError[]): ImportedChange[] {
  const byTicket = new Map<string, ImportedChange>();
  for (const change of changes) {
    const key = change.ticketRef.toUpperCase();
    const seen = byTicket.get(key);
    if (!seen) {
      byTicket.set(key, change);
      continue;
    }
    const [keep, drop] = (change.sourceUpdatedAt ?? -Infinity) > (seen.sourceUpdatedAt ?? -Infinity) ? [change, seen] : [seen, change];
    byTicket.set(key, keep);
    errors.push({ row: drop.row, ticketRef: drop.ticketRef, field: 'ticket', reason: `duplicate of row ${keep.row}, which was updated later (or is first); this row is not imported` });
  }
  return [...byTicket.values()].sort((a, b) => a.row - b.row);
}
