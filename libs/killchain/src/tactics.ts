/**
 * ATT&CK Enterprise tactics in matrix order. `stealth` and `defense-impairment` (the tactics that
 * newer ATT&CK releases split out of defense-evasion, and that Sigma tags may carry) sit beside it.
 */
export const TACTIC_ORDER = [
  'reconnaissance',
  'resource-development',
  'initial-access',
  'execution',
  'persistence',
  'privilege-escalation',
  'defense-evasion',
  'stealth',
  'defense-impairment',
  'credential-access',
  'discovery',
  'lateral-movement',
  'collection',
  'command-and-control',
  'exfiltration',
  'impact',
] as const;

export type Tactic = (typeof TACTIC_ORDER)[number];

const RANK = new Map<string, number>(TACTIC_ORDER.map((tactic, i) => [tactic, i]));

/** `attack.Initial_Access`, `initial_access` and `initial-access` → `initial-access`; undefined for a non-tactic. */
export function tacticOf(text: string): Tactic | undefined {
  const name = text.trim().toLowerCase().replace(/^attack\./, '').replace(/[_\s]+/g, '-');
  return RANK.has(name) ? (name as Tactic) : undefined;
}

export function tacticRank(tactic: string): number {
  return RANK.get(tactic) ?? TACTIC_ORDER.length;
}
