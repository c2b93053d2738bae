import type { ChangeScope, ChangeWindow } from '@quell/contracts';
import type { FieldChange, ImportPlan } from './import-plan';

export interface ImportPlanCounts {
  create: number;
  update: number;
  unchanged: number;
  errors: number;
}

export function countImportPlan(plan: ImportPlan): ImportPlanCounts {
  return { create: plan.create.length, update: plan.update.length, unchanged: plan.unchanged.length, errors: plan.errors.length };
}

/**
 * The plan as lines a person reads (what `quell changes import --dry-run` prints without --json):
 * one line per create and error, an update with each changed field as `old → new`.
 */
export function formatImportPlan(plan: ImportPlan): string[] {
  const counts = countImportPlan(plan);
  const lines = [`${counts.create} to create, ${counts.update} to update, ${counts.unchanged} unchanged, ${counts.errors} not importable`];
  for (const c of plan.create) lines.push(`+ ${c.ticketRef} (row ${c.row}): ${c.fields.title} [${c.fields.kind}, ${c.fields.status}] ${windowsText(c.fields.windows)}`);
  for (const u of plan.update) {
    lines.push(`~ ${u.ticketRef} (row ${u.row}) → change ${u.changeId}`);
    for (const change of u.changes) lines.push(`    ${change.field}: ${valueText(change, 'from')} → ${valueText(change, 'to')}`);
  }
  for (const e of plan.errors) lines.push(`! row ${e.row}${e.ticketRef ? ` ${e.ticketRef}` : ''}: ${e.field} ${e.reason}`);
  return lines;
}

function valueText(change: FieldChange, side: 'from' | 'to'): string {
  const value = change[side];
  if (change.field === 'windows') return windowsText(value as ChangeWindow[]);
  if (change.field === 'scope') return scopeText(value as ChangeScope);
  return value === null || value === undefined ? '(none)' : JSON.stringify(value);
}

function windowsText(windows: ChangeWindow[]): string {
  const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');
  return windows.map((w) => `${iso(w.start)}–${iso(w.end)}${w.rrule ? ` ${w.rrule}` : ''}`).join(', ');
}

function scopeText(scope: ChangeScope): string {
  const parts = (['hosts', 'ips', 'services', 'tags'] as const).filter((k) => scope[k].length > 0).map((k) => `${k} ${scope[k].join(' ')}`);
  return parts.join('; ') || '(empty)';
}
