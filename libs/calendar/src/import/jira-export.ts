import { readCsvRecords } from './csv-records';
import { ImportFormatError, type ExportRecord, type ImportFormat } from './import-types';
import { isObject, parseJson } from './servicenow-export';

/** Jira's CSV header for a custom field, e.g. "Custom field (Change start date)". */
export const customFieldHeader = (name: string) => `Custom field (${name})`;

// REST system fields under the headers Jira's CSV export gives them, so one mapper reads both.
const SYSTEM_FIELDS: Record<string, string> = {
  summary: 'Summary', status: 'Status', issuetype: 'Issue Type', assignee: 'Assignee', reporter: 'Reporter', updated: 'Updated',
};

/** Synthetic fields filled from Jira Service Management's approvals field (REST only). */
export const APPROVAL_DECISION_FIELD = 'Approval decision';
export const APPROVERS_FIELD = 'Approvers';

/**
 * Records of Jira issues: the CSV export (all or current fields; a multi-value field repeats its
 * column), or REST JSON — a search result `{"issues":[...], "names":{...}}` fetched with
 * expand=names, a single issue, or a webhook body `{"issue":{...}}`. Custom fields are resolved to
 * their names through `names` (or `fieldNames` when the body has none, as webhooks do).
 */
export function readJiraExport(text: string, format: ImportFormat, fieldNames: Record<string, string> = {}): ExportRecord[] {
  if (format === 'csv') return readCsvRecords(text);
  const body = parseJson(text);
  if (!isObject(body)) throw new ImportFormatError('a Jira JSON export is an object: {"issues":[...], "names":{...}}');
  const issues = Array.isArray(body.issues) ? body.issues : isObject(body.issue) ? [body.issue] : 'fields' in body ? [body] : null;
  if (!issues) throw new ImportFormatError('a Jira JSON export has "issues" (search), "issue" (webhook) or "fields" (one issue)');
  const names = { ...fieldNames, ...(isObject(body.names) ? (body.names as Record<string, string>) : {}) };
  if (Object.keys(names).length === 0 && issues.some((i) => isObject(i) && isObject(i.fields) && Object.keys(i.fields).some((k) => k.startsWith('customfield_')))) {
    throw new ImportFormatError('custom fields (customfield_…) cannot be named: search with expand=names, or configure the field names for webhooks');
  }
  return issues.map((issue, index) => {
    if (!isObject(issue) || !isObject(issue.fields)) throw new ImportFormatError(`issue ${index + 1} has no "fields" object`);
    return { row: index + 1, fields: issueFields(issue, issue.fields, names) };
  });
}

function issueFields(issue: Record<string, unknown>, fields: Record<string, unknown>, names: Record<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>([
    ['Issue key', texts(issue.key)],
    ['Issue id', texts(issue.id)],
  ]);
  for (const [id, value] of Object.entries(fields)) {
    if (isApprovals(value)) {
      out.set(APPROVAL_DECISION_FIELD, value.map((a) => String(a.finalDecision ?? '')).filter(Boolean).slice(-1));
      out.set(APPROVERS_FIELD, approversWhoApproved(value));
      continue;
    }
    const header = SYSTEM_FIELDS[id] ?? (id.startsWith('customfield_') ? customFieldHeader(names[id] ?? id) : id);
    out.set(header, texts(value));
  }
  return out;
}

/** The text of a REST value: a string, an option {value}, a user {displayName}, a status {name}, or lists of those. */
function texts(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (typeof value === 'string' || typeof value === 'number') return String(value).trim() ? [String(value).trim()] : [];
  if (isObject(value)) {
    for (const key of ['displayName', 'name', 'value', 'label']) if (typeof value[key] === 'string') return texts(value[key]);
    // A service or asset given only by id cannot be matched against alerts; keep it visible.
    if (typeof value.id === 'string' || typeof value.id === 'number') return [`id:${value.id}`];
  }
  return [];
}

type Approval = { finalDecision?: unknown; approvers?: Array<{ approver?: { displayName?: string }; approverDecision?: string }> };

function isApprovals(value: unknown): value is Approval[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => isObject(v) && 'finalDecision' in v);
}

function approversWhoApproved(approvals: Approval[]): string[] {
  return approvals.flatMap((a) => (a.approvers ?? []).filter((x) => x.approverDecision === 'approved').map((x) => x.approver?.displayName ?? '')).filter(Boolean);
}
