import type { TacticEntry } from './entity-state';

/**
 * What makes two steps of a progression distinct: their alerts (default; alerts raised on one
 * event count as one) or their rules.
 */
export type DistinctBy = 'alert' | 'rule';

export const unitOf = (entry: TacticEntry, by: DistinctBy): string => (by === 'rule' ? `rule:${entry.ruleId}` : entry.evidenceId !== undefined ? `event:${entry.evidenceId}` : `alert:${entry.alertId}`);

/**
 * The number of distinct tactics among entries[from..to] that can each be credited to a different
 * alert (or rule), up to `threshold`: one alert tagged execution, persistence and
 * privilege-escalation shows one step, not three. A maximum matching of tactics to units (Kuhn's
 * augmenting paths); a tactic seen in `threshold` units or more can always be matched, so only
 * that many units are kept per tactic, which bounds the work by the 16 tactics, not the entries.
 */
export function distinctSteps(entries: readonly TacticEntry[], from: number, to: number, threshold: number, by: DistinctBy): number {
  const unitsByTactic = new Map<string, string[]>();
  // Tactics seen in `threshold` units or more: once there are `threshold` of them, they can all be
  // matched (Hall's condition), so the answer is known without reading further.
  let full = 0;
  for (let i = from; i <= to; i++) {
    const units = unitsByTactic.get(entries[i].tactic) ?? [];
    if (units.length === 0) unitsByTactic.set(entries[i].tactic, units);
    if (units.length >= threshold) continue;
    const unit = unitOf(entries[i], by);
    if (units.includes(unit)) continue;
    units.push(unit);
    if (units.length === threshold && ++full >= threshold) return threshold;
  }
  if (unitsByTactic.size < threshold) return unitsByTactic.size;
  const tacticOfUnit = new Map<string, string>();
  const augment = (tactic: string, visited: Set<string>): boolean => {
    for (const unit of unitsByTactic.get(tactic) ?? []) {
      if (visited.has(unit)) continue;
      visited.add(unit);
      const holder = tacticOfUnit.get(unit);
      if (holder === undefined || augment(holder, visited)) {
        tacticOfUnit.set(unit, tactic);
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (const tactic of unitsByTactic.keys()) {
    if (augment(tactic, new Set()) && ++matched >= threshold) break;
  }
  return matched;
}
