import type { Change, ChangeScope, ChangeWindow } from '@quell/contracts';
import type { ImportedChange, ImportResult, ImportRowError } from './import-types';

/** The fields an import writes; everything else on a change (id, version, approvals…) is Quell's. */
export type ImportedFields = Pick<Change, 'title' | 'ticketRef' | 'kind' | 'status' | 'owner' | 'approver' | 'scope' | 'windows'>;
export const IMPORTED_FIELDS = ['title', 'kind', 'status', 'owner', 'approver', 'scope', 'windows'] as const;
export type ImportedFieldName = (typeof IMPORTED_FIELDS)[number];

export interface FieldChange {
  field: ImportedFieldName;
  from: unknown;
  to: unknown;
}

export interface PlannedCreate {
  row: number;
  ticketRef: string;
  fields: ImportedFields;
}

export interface PlannedUpdate {
  row: number;
  ticketRef: string;
  changeId: string;
  /** Only the fields that differ, old and new value, for a dry run to show. */
  changes: FieldChange[];
  /** The change's imported fields after the update (apply these). */
  fields: ImportedFields;
}

export interface PlannedUnchanged {
  row: number;
  ticketRef: string;
  changeId: string;
}

/** What an import would do; a dry run shows it, a real import applies only creates and updates. */
export interface ImportPlan {
  create: PlannedCreate[];
  update: PlannedUpdate[];
  unchanged: PlannedUnchanged[];
  errors: ImportRowError[];
}

/**
 * Plans an import against the tenant's current changes, matching by ticket reference (case and
 * surrounding space ignored), so importing the same file twice is all "unchanged". The ITSM is the
 * authority for title, kind, status, owner, approver, windows and the scope's hosts, IPs and
 * services; the scope's tags and filters (event classes, actions, rules) are Quell's and kept.
 */
export function planImport(tenant: string, current: readonly Change[], imported: ImportResult): ImportPlan {
  const byTicket = new Map<string, Change[]>();
  for (const change of current) {
    if (change.tenant !== tenant || !change.ticketRef) continue;
    const key = ticketKey(change.ticketRef);
    byTicket.set(key, [...(byTicket.get(key) ?? []), change]);
  }
  const plan: ImportPlan = { create: [], update: [], unchanged: [], errors: [...imported.errors] };
  for (const change of imported.changes) {
    const matches = byTicket.get(ticketKey(change.ticketRef)) ?? [];
    if (matches.length > 1) {
      const ids = matches.map((m) => m.id).join(', ');
      plan.errors.push({ row: change.row, ticketRef: change.ticketRef, field: 'ticket', reason: `ticket is on more than one change (${ids}); resolve that before importing` });
      continue;
    }
    const existing = matches[0];
    if (!existing) {
      plan.create.push({ row: change.row, ticketRef: change.ticketRef, fields: fieldsOf(change, null) });
      continue;
    }
    const fields = fieldsOf(change, existing.scope);
    const changes = IMPORTED_FIELDS.filter((f) => !sameValue(f, existing[f], fields[f])).map((f) => ({ field: f, from: existing[f], to: fields[f] }));
    if (changes.length === 0) plan.unchanged.push({ row: change.row, ticketRef: change.ticketRef, changeId: existing.id });
    else plan.update.push({ row: change.row, ticketRef: change.ticketRef, changeId: existing.id, changes, fields });
  }
  plan.errors.sort((a, b) => a.row - b.row);
  return plan;
}

const ticketKey = (ref: string) => ref.trim().toUpperCase();

function fieldsOf(change: ImportedChange, currentScope: ChangeScope | null): ImportedFields {
  const scope: ChangeScope = {
    ...change.scope,
    tags: currentScope?.tags ?? [],
    eventClasses: currentScope?.eventClasses ?? [],
    actions: currentScope?.actions ?? [],
    rules: currentScope?.rules ?? [],
  };
  const { title, ticketRef, kind, status, owner, approver, windows } = change;
  return { title, ticketRef, kind, status, owner, approver, scope, windows };
}

function sameValue(field: ImportedFieldName, a: unknown, b: unknown): boolean {
  if (field === 'scope') return sameScope(a as ChangeScope, b as ChangeScope);
  if (field === 'windows') return sameWindows(a as ChangeWindow[], b as ChangeWindow[]);
  return (a ?? null) === (b ?? null);
}

/** Scope lists are sets: order and the case of host names do not matter. */
function sameScope(a: ChangeScope, b: ChangeScope): boolean {
  const keys = ['hosts', 'ips', 'services', 'tags', 'eventClasses', 'actions', 'rules'] as const;
  const norm = (list: readonly string[]) => JSON.stringify([...new Set(list.map((v) => v.toLowerCase()))].sort());
  return keys.every((k) => norm(a[k]) === norm(b[k]));
}

function sameWindows(a: ChangeWindow[], b: ChangeWindow[]): boolean {
  const norm = (ws: ChangeWindow[]) =>
    JSON.stringify(ws.map((w) => [w.start, w.end, w.rrule ?? null, w.timeZone, [...(w.exdates ?? [])].sort((x, y) => x - y)]).sort());
  return norm(a) === norm(b);
}
