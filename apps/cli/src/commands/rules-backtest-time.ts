const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A time given on the command line, as epoch ms: ISO 8601 (`2026-11-28T10:00:00Z`; without an
 * offset it is read as UTC, never as the machine's zone), `now`, or relative to now: `-24h`,
 * `-30m`, `-7d`, `-2w`, `-90s`. Undefined when it is none of these.
 */
export function parseCliTime(text: string, now: number): number | undefined {
  const trimmed = text.trim();
  if (trimmed === 'now') return now;
  const relative = /^-(\d{1,9})([smhdw])$/.exec(trimmed);
  if (relative) return now - Number(relative[1]) * UNIT_MS[relative[2]];
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(trimmed)) return undefined;
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) && trimmed.length > 10;
  const iso = trimmed.replace(' ', 'T');
  const ms = Date.parse(hasOffset ? iso : `${iso.length === 10 ? `${iso}T00:00:00` : iso}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}
