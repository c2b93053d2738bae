import type { PhaseResult } from './phase';

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-');

/** A plain text table: the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const PHASE_HEADER = ['run', 'events', 'offered ev/s', 'end-to-end ev/s', 'p50 ms', 'p99 ms', 'max ms', 'incidents', 'missing', 'CPU s/1k ev', 'RSS steady MB', 'RSS max MB'];

export function phaseRow(label: string, p: PhaseResult): string[] {
  return [
    label,
    fmt(p.events),
    fmt(p.offeredPerSec),
    fmt(p.eventsPerSec),
    fmt(p.p50Ms),
    fmt(p.p99Ms),
    fmt(p.maxMs),
    fmt(p.incidents),
    fmt(p.missing),
    fmt(p.cpuPer1000, 3),
    fmt(p.rssSteadyMb),
    fmt(p.rssMaxMb),
  ];
}

export { fmt };

/** `b` relative to `a` as a factor, e.g. `×1.93`. */
export function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && a !== 0 ? `×${(b / a).toFixed(2)}` : '-';
}
