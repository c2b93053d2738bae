import type { Change, ChangeWindow } from '@quell/contracts';

/** Human-readable output of `quell changes`; `--json` prints the API's documents instead. */

export const LIST_HEADER = ['ID', 'TICKET', 'STATUS', 'KIND', 'FIRST WINDOW', 'TITLE'];

export function listRow(change: Change): string[] {
  const first = change.windows[0];
  const more = change.windows.length > 1 ? ` (+${change.windows.length - 1})` : '';
  return [change.id, change.ticketRef ?? '-', change.status, change.kind, first ? `${windowText(first)}${more}` : '-', change.title];
}

/** Rows padded into columns; the last column is left as it is (titles vary in length). */
export function tableLines(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd());
}

export function changeLines(change: Change): string[] {
  const scope = Object.entries(change.scope)
    .filter(([, values]) => (values as string[]).length > 0)
    .map(([field, values]) => `${field} ${(values as string[]).join(', ')}`);
  const lines = [
    `${change.id}  ${change.title}`,
    `  ticket    ${change.ticketRef ?? '-'}`,
    `  status    ${change.status} (version ${change.version})`,
    `  kind      ${change.kind}`,
    `  owner     ${change.owner ?? '-'}`,
    `  approver  ${change.approver ?? '-'}`,
    `  scope     ${scope.join('; ') || '-'}`,
    ...change.windows.map((w, i) => `  ${i === 0 ? 'windows ' : '        '}  ${windowText(w)}`),
  ];
  for (const a of change.approvals) lines.push(`  ${a.decision} by ${a.by} at ${iso(a.at)}${a.comment ? `: ${a.comment}` : ''}`);
  return lines;
}

export const VERSIONS_HEADER = ['VERSION', 'STATUS', 'APPROVER', 'FIRST WINDOW', 'TITLE'];

export function versionRow(change: Change): string[] {
  return [String(change.version), change.status, change.approver ?? '-', change.windows[0] ? windowText(change.windows[0]) : '-', change.title];
}

/** A window in its own time zone: `2026-03-02 01:00–03:00 Europe/Berlin FREQ=WEEKLY`. */
export function windowText(window: ChangeWindow): string {
  const start = local(window.start, window.timeZone);
  const end = local(window.end, window.timeZone);
  const endText = end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : end;
  return `${start}–${endText} ${window.timeZone}${window.rrule ? ` ${window.rrule}` : ''}`;
}

function local(ms: number, timeZone: string): string {
  try {
    // sv-SE formats as yyyy-MM-dd HH:mm.
    return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(ms);
  } catch {
    return iso(ms);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
