const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90s`, `15m`, `1h`, `30d`, `4w` → milliseconds; undefined for anything else so the caller names the key. */
export function parseDuration(text: string): number | undefined {
  const match = /^([1-9][0-9]{0,8})([smhdw])$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2]];
}

export const HOUR_MS = UNIT_MS['h'];
export const DAY_MS = UNIT_MS['d'];
export const WEEK_MS = UNIT_MS['w'];
