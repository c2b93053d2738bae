import type { Change } from '@quell/contracts';
import type { ChangeDraft } from './change-input';

/** A status change the lifecycle does not allow (the API answers 409 with the message). */
export class ChangeTransitionError extends Error {
  override readonly name = 'ChangeTransitionError';
}

export interface Decision {
  by: string;
  at: number;
  comment?: string | null;
}

/** Where each status may go; cancelled, rejected and completed are final (a rejected change is revised, then requested again). */
const NEXT: Record<string, readonly string[]> = {
  requested: ['approved', 'rejected', 'cancelled'],
  approved: ['cancelled', 'completed'],
  rejected: [],
  cancelled: [],
  completed: [],
};

/** Version 1 of a change from a validated draft. */
export function newChange(draft: ChangeDraft, id: string, tenant: string): Change {
  return { id, tenant, ...draft, approver: null, approvals: [], version: 1 };
}

export function approveChange(change: Change, decision: Decision): Change {
  return decide(change, 'approved', decision);
}

export function rejectChange(change: Change, decision: Decision): Change {
  return decide(change, 'rejected', decision);
}

export function cancelChange(change: Change): Change {
  return { ...move(change, 'cancelled'), version: change.version + 1 };
}

export function completeChange(change: Change): Change {
  return { ...move(change, 'completed'), version: change.version + 1 };
}

/**
 * A new version with the draft's fields. An approval covers what was approved: when the scope or a
 * window of an approved (or rejected) change changes, it goes back to requested and needs a new
 * approval; the earlier decisions stay in the history.
 */
export function reviseChange(change: Change, draft: ChangeDraft): Change {
  if (change.status === 'cancelled' || change.status === 'completed') {
    throw new ChangeTransitionError(`cannot revise a ${change.status} change`);
  }
  const material = JSON.stringify([change.scope, change.windows]) !== JSON.stringify([draft.scope, draft.windows]);
  const reopen = material && (change.status === 'approved' || change.status === 'rejected');
  return {
    ...change,
    ...draft,
    status: reopen ? 'requested' : change.status,
    approver: reopen ? null : change.approver,
    version: change.version + 1,
  };
}

function decide(change: Change, status: 'approved' | 'rejected', decision: Decision): Change {
  const moved = move(change, status);
  return {
    ...moved,
    approver: status === 'approved' ? decision.by : change.approver,
    approvals: [...change.approvals, { by: decision.by, at: decision.at, decision: status, comment: decision.comment ?? null }],
    version: change.version + 1,
  };
}

function move(change: Change, status: string): Change {
  if (!(NEXT[change.status] ?? []).includes(status)) {
    throw new ChangeTransitionError(`cannot move change ${change.id} from ${change.status} to ${status}`);
  }
  return { ...change, status };
}
