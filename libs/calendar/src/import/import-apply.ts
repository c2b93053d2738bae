import type { Change, ChangeApproval } from '@quell/contracts';
import type { ImportedFields, PlannedCreate, PlannedUpdate } from './import-plan';

/**
 * Applying an import. Unlike an edit through the API (reviseChange), the ITSM is the authority
 * for an imported change: its status is taken as given, whatever the calendar's own transitions
 * allow, and an approval or rejection it reports is added to the history once, when the status
 * becomes approved or rejected, so re-importing the same file changes nothing.
 */
export function changeFromImport(create: PlannedCreate, id: string, tenant: string, at: number): Change {
  return { id, tenant, ...create.fields, approvals: decisionOf(null, create.fields, at), version: 1 };
}

export function changeUpdatedByImport(current: Change, update: PlannedUpdate, at: number): Change {
  return {
    ...current,
    ...update.fields,
    approvals: [...current.approvals, ...decisionOf(current, update.fields, at)],
    version: current.version + 1,
  };
}

function decisionOf(current: Change | null, fields: ImportedFields, at: number): ChangeApproval[] {
  if (fields.status !== 'approved' && fields.status !== 'rejected') return [];
  if (current?.status === fields.status) return [];
  return [{ by: fields.approver ?? 'itsm', at, decision: fields.status, comment: `imported from ticket ${fields.ticketRef}` }];
}
