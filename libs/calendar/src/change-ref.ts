import type { Change } from '@quell/contracts';

/** What an alert, a finding or an incident says about a change. */
export interface ChangeRef {
  id: string;
  title: string;
  owner: string | null;
  ticketRef: string | null;
  kind: string;
}

export function refOf(change: Change): ChangeRef {
  return { id: change.id, title: change.title, owner: change.owner, ticketRef: change.ticketRef, kind: change.kind };
}

export const isFreeze = (change: Change): boolean => change.kind === 'freeze';
export const isApproved = (change: Change): boolean => change.status === 'approved';
