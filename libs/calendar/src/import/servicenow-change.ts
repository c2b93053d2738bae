import type { ExportRecord, ImportedChange, ImportRowError } from './import-types';
import { first, hasField } from './csv-records';
import { readCommonFields, readOptionalInstant, readWindow, RowProblems } from './row-problems';
import { isEmptyEntityScope, scopeFromNames } from './scope-names';
import { quoted } from './quoted';

/** change_request.state values (ServiceNow's change state model) and their labels. */
export const SERVICENOW_STATES: Record<string, string> = {
  '-5': 'new', '-4': 'assess', '-3': 'authorize', '-2': 'scheduled', '-1': 'implement', '0': 'review', '3': 'closed', '4': 'canceled',
};
const STATE_LABELS = new Set([...Object.values(SERVICENOW_STATES), 'cancelled']);
const APPROVALS = new Set(['approved', 'rejected', 'requested', 'not requested', 'not yet requested', 'cancelled', 'duplicate']);
const SYS_ID = /^[0-9a-f]{32}$/i;

/**
 * A change_request record as a change. Status: canceled → cancelled, approval rejected → rejected,
 * closed → completed, approval approved → approved, anything else → requested: a change covers
 * alerts only when ServiceNow's approval field says approved.
 */
export function mapServiceNowRecord(record: ExportRecord, timeZone: string): ImportedChange | ImportRowError[] {
  const { ticketRef, title, kind, problems } = readCommonFields(record, { ticket: 'number', title: 'short_description', kind: 'type' });
  const state = stateOf(first(record, 'state'), problems);
  const approval = first(record, 'approval').toLowerCase();
  if (approval && !APPROVALS.has(approval)) problems.add('approval', `${quoted(first(record, 'approval'))} is not approved, rejected, requested or not requested`);

  const planned = hasField(record, 'start_date') || !hasField(record, 'work_start');
  const [startField, endField] = planned ? ['start_date', 'end_date'] : ['work_start', 'work_end'];
  const window = readWindow(
    { field: startField, text: first(record, startField) },
    { field: endField, text: first(record, endField) },
    timeZone,
    problems,
  );

  const ci = first(record, 'cmdb_ci');
  if (SYS_ID.test(ci)) problems.add('cmdb_ci', `is a sys_id (${ci}), not a name: export with display values (displayvalue=true or all)`);
  const scope = scopeFromNames(SYS_ID.test(ci) ? [] : [ci]);
  if (!SYS_ID.test(ci) && isEmptyEntityScope(scope)) problems.add('cmdb_ci', 'is empty: the change names no configuration item, so it could cover nothing (or everything)');

  const updatedAt = readOptionalInstant({ field: 'sys_updated_on', text: first(record, 'sys_updated_on') }, timeZone, problems);
  if (problems.any || !window) return problems.errors;
  const status = state === 'canceled' || state === 'cancelled' ? 'cancelled'
    : approval === 'rejected' ? 'rejected'
    : state === 'closed' ? 'completed'
    : approval === 'approved' ? 'approved'
    : 'requested';
  return {
    row: record.row,
    source: 'servicenow',
    title,
    ticketRef,
    kind,
    status,
    owner: first(record, 'assigned_to', 'assignment_group', 'requested_by') || null,
    // change_request has no approver field (approvals live in sysapproval_approver): name the tool.
    approver: approval === 'approved' ? 'servicenow' : null,
    scope,
    windows: [window],
    sourceId: first(record, 'sys_id') || null,
    sourceUpdatedAt: updatedAt,
  };
}

/** The state label from a value (-2) or a display value (Scheduled). */
function stateOf(text: string, problems: RowProblems): string {
  if (!text) return 'new';
  const label = SERVICENOW_STATES[text] ?? text.toLowerCase();
  if (!STATE_LABELS.has(label)) problems.add('state', `${quoted(text)} is not a change_request state (-5 New … 3 Closed, 4 Canceled)`);
  return label;
}
