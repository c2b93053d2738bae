/** Longest host pattern accepted (a DNS name is at most 253 characters). */
export const MAX_HOST_PATTERN_LENGTH = 253;

export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * Case-insensitive glob match: `*` is any run of characters, `?` exactly one. No regex is built
 * from the pattern: the two-pointer scan backtracks only to the last `*`, so a match costs at most
 * pattern length × name length steps, whatever the pattern (no catastrophic backtracking).
 */
export function globMatches(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase();
  const s = name.toLowerCase();
  let pi = 0;
  let si = 0;
  let star = -1;
  let resume = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === s[si]))) {
      pi++;
      si++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      resume = si;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++resume;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
