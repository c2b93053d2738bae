import type { ExportRecord, ImportedChange, ImportRowError } from './import-types';
import { first } from './csv-records';
import { APPROVAL_DECISION_FIELD, APPROVERS_FIELD, customFieldHeader } from './jira-export';
import { readCommonFields, readOptionalInstant, readWindow } from './row-problems';
import { isEmptyEntityScope, scopeFromNames } from './scope-names';
import { quoted } from './quoted';

type Status = ImportedChange['status'];

/**
 * Statuses of Jira Service Management's change workflow, by what they mean for the calendar.
 * Workflows are editable, so `statusMap` extends or overrides this; a status not listed is
 * "requested": a change covers alerts only once Jira says it was approved.
 */
export const DEFAULT_JIRA_STATUSES: Record<string, Status> = {
  'awaiting implementation': 'approved', implementing: 'approved', scheduled: 'approved', approved: 'approved',
  completed: 'completed', failed: 'completed', closed: 'completed', done: 'completed', resolved: 'completed',
  canceled: 'cancelled', cancelled: 'cancelled', declined: 'rejected', rejected: 'rejected',
};

export interface JiraMappingOptions {
  timeZone: string;
  /** Status name (any case) → calendar status, over DEFAULT_JIRA_STATUSES. */
  statusMap?: Record<string, Status>;
  /** Custom fields, besides "Affected services", whose values name hosts or services in scope. */
  scopeFields?: string[];
}

const START = customFieldHeader('Change start date');
const END = customFieldHeader('Change completion date');
const TYPE = customFieldHeader('Change type');
const SERVICES = customFieldHeader('Affected services');

/** A Jira change issue (CSV row or REST issue, read by readJiraExport) as a change. */
export function mapJiraIssue(record: ExportRecord, options: JiraMappingOptions): ImportedChange | ImportRowError[] {
  const { ticketRef, title, kind, problems } = readCommonFields(record, { ticket: 'Issue key', title: 'Summary', kind: TYPE });
  const issueType = first(record, 'Issue Type');
  if (issueType && !/change/i.test(issueType)) problems.add('Issue Type', `${quoted(issueType)} is not a change issue`);

  const window = readWindow({ field: START, text: first(record, START) }, { field: END, text: first(record, END) }, options.timeZone, problems);

  const scopeHeaders = [SERVICES, ...(options.scopeFields ?? []).map(customFieldHeader)];
  const names = scopeHeaders.flatMap((h) => record.fields.get(h) ?? []);
  for (const name of names.filter((n) => n.startsWith('id:'))) {
    problems.add(SERVICES, `names a service only by ${name}: fetch with expand=names and service names, or import the CSV export`);
  }
  const scope = scopeFromNames(names.filter((n) => !n.startsWith('id:')));
  if (isEmptyEntityScope(scope) && !problems.errors.some((e) => e.field === SERVICES)) {
    problems.add(SERVICES, 'is empty: the change names no affected service or host, so it could cover nothing (or everything)');
  }
  const updatedAt = readOptionalInstant({ field: 'Updated', text: first(record, 'Updated') }, options.timeZone, problems);
  if (problems.any || !window) return problems.errors;

  const status = statusOf(first(record, 'Status'), first(record, APPROVAL_DECISION_FIELD), options.statusMap);
  const approvers = record.fields.get(APPROVERS_FIELD) ?? [];
  return {
    row: record.row,
    source: 'jira',
    title,
    ticketRef,
    kind,
    status,
    owner: first(record, 'Assignee', 'Reporter') || null,
    approver: status === 'approved' || status === 'completed' ? approvers.join(', ') || (status === 'approved' ? 'jira' : null) : null,
    scope,
    windows: [window],
    sourceId: first(record, 'Issue id') || null,
    sourceUpdatedAt: updatedAt,
  };
}

/** A declined approval wins over the status; an approved one makes a still-open change approved. */
function statusOf(statusName: string, decision: string, statusMap: Record<string, Status> = {}): Status {
  const overrides = Object.fromEntries(Object.entries(statusMap).map(([k, v]) => [k.toLowerCase(), v]));
  const byStatus = overrides[statusName.toLowerCase()] ?? DEFAULT_JIRA_STATUSES[statusName.toLowerCase()] ?? 'requested';
  if (decision === 'declined' || decision === 'rejected') return 'rejected';
  if (decision === 'approved' && byStatus === 'requested') return 'approved';
  return byStatus;
}
