const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a Sigma timespan (`10s`, `5m`, `1h`, `1d`: a positive integer and one lowercase unit)
 * into milliseconds; returns undefined for anything else so the caller can name the field.
 */
export function parseTimespan(text: string): number | undefined {
  const match = /^([1-9][0-9]{0,8})([smhd])$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2]];
}
