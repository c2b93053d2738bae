import { Episode, TacticEntry } from './entity-state';
import { KillChainStep } from './killchain-types';
import { tacticRank } from './tactics';

export function stepOf(entry: TacticEntry): KillChainStep {
  return { tactic: entry.tactic, alertId: entry.alertId, ruleId: entry.ruleId, ruleTitle: entry.ruleTitle, time: entry.t };
}

/** Event-time order; on equal times the matrix order, so replicas agree. */
export function sortPath(path: KillChainStep[]): void {
  path.sort((a, b) => a.time - b.time || tacticRank(a.tactic) - tacticRank(b.tactic));
}

/** Records an entry in the path: a new tactic is added; a known one keeps its earliest alert. */
export function addToPath(path: KillChainStep[], entry: TacticEntry): void {
  const existing = path.findIndex((step) => step.tactic === entry.tactic);
  if (existing < 0) path.push(stepOf(entry));
  else if (entry.t < path[existing].time) path[existing] = stepOf(entry);
  else return;
  sortPath(path);
}

/** An episode that no input, even a late one, can continue any more. */
export function episodeOver(episode: Episode, watermark: number, windowMs: number): boolean {
  return watermark > episode.lastHeldAt + windowMs;
}
