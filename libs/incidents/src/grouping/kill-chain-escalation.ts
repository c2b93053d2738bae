import type { TimelineEntry } from '@quell/contracts';
import { tacticRank, TACTIC_ORDER } from '@quell/killchain';
import { TIMELINE_ACTIONS } from '../timeline-actions';

/** The furthest ATT&CK tactic (matrix order) among the phases; undefined when none is a tactic. */
export function furthestPhase(phases: readonly string[]): string | undefined {
  return phases.filter((phase) => tacticRank(phase) < TACTIC_ORDER.length).sort((a, b) => tacticRank(b) - tacticRank(a))[0];
}

/**
 * The `escalated` entry when the phases now reach a later kill-chain stage than before (an entity
 * progressing, e.g. credential-access then lateral-movement); none for the first phase seen.
 */
export function escalationEntry(before: readonly string[], after: readonly string[], cause: string, now: number): TimelineEntry | undefined {
  const was = furthestPhase(before);
  const is = furthestPhase(after);
  if (!was || !is || tacticRank(is) <= tacticRank(was)) return undefined;
  return { at: now, actor: 'quell', action: TIMELINE_ACTIONS.escalated, detail: `kill chain advanced from ${was} to ${is} (${cause})` };
}
