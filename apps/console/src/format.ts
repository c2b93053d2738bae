/** Display helpers shared by the pages. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatTime(at: number | string | null | undefined): string {
  if (at === null || at === undefined || at === '') return '—';
  const date = new Date(typeof at === 'string' && /^\d+$/.test(at) ? Number(at) : at);
  return Number.isNaN(date.getTime()) ? String(at) : dateTime.format(date);
}

export function formatDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 6) / 10;
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

export const formatCount = (n: number): string => new Intl.NumberFormat().format(n);

/** `acknowledged`, `alert_added` → `alert added`: timeline actions as words. */
export const words = (action: string): string => action.replace(/[_-]+/g, ' ');
