import { ATTACK_TACTICS } from '@quell/rules';

/** ATT&CK Enterprise tactics in matrix order. */
export const TACTIC_ORDER = ATTACK_TACTICS;

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
