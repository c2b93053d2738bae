import { CorrelationDefinition, LEVELS, levelRank } from './correlation-definition';
import { GroupWindow } from './group-window';

/** A window end (anchor) at which the condition held, and the aggregate there. */
export interface HeldWindow {
  /** Live index of the window's newest match, and of its oldest. */
  anchor: number;
  start: number;
  /** Event time of the anchor: the time at which the condition held. */
  time: number;
  value: number;
}

export interface Episode {
  openedAt: number;
  /** The latest event time at which the condition held; the episode ends a whole timespan after it. */
  lastHeldAt: number;
  lastSeen: number;
  count: number;
  sample: string[];
  /** Highest level rank seen in the episode, the correlation's own included (-1: none). */
  levelRank: number;
}

/**
 * DESIGN.md: the episode ends once a whole timespan passes in which the condition does not hold.
 * So a holding time at most one timespan after the last one continues it (edge included), and a
 * later one opens a new episode. Late matches are placed by their time and continue the open
 * episode too; with an allowed lateness longer than the timespan, a late match that makes the
 * condition hold more than a timespan before the episode opened still joins it rather than
 * reopening history (Quell keeps one open episode per group).
 */
export function continuesEpisode(episode: Episode | undefined, first: HeldWindow, timespanMs: number): episode is Episode {
  return episode !== undefined && first.time <= episode.lastHeldAt + timespanMs;
}

export function openEpisode(def: CorrelationDefinition, window: GroupWindow, first: HeldWindow, last: HeldWindow, sampleSize: number): Episode {
  // The matches that opened it: from the first holding window's oldest to the last holding window's newest.
  const sample: string[] = [];
  let levelMax = def.level ? levelRank(def.level) : -1;
  let lastSeen = first.time;
  for (let i = first.start; i <= last.anchor; i++) {
    const entry = window.at(i);
    if (sample.length < sampleSize) sample.push(entry.id);
    levelMax = Math.max(levelMax, entry.l);
    lastSeen = Math.max(lastSeen, entry.t);
  }
  return { openedAt: first.time, lastHeldAt: last.time, lastSeen, count: last.anchor - first.start + 1, sample, levelRank: levelMax };
}

export function continueEpisode(episode: Episode, last: HeldWindow, matchTime: number, matchId: string, matchLevel: number, sampleSize: number): void {
  episode.lastHeldAt = Math.max(episode.lastHeldAt, last.time);
  episode.lastSeen = Math.max(episode.lastSeen, matchTime);
  episode.count++;
  if (episode.sample.length < sampleSize) episode.sample.push(matchId);
  episode.levelRank = Math.max(episode.levelRank, matchLevel);
}

/** An episode that no match, even a late one, can continue any more. */
export function episodeOver(episode: Episode, watermark: number, timespanMs: number): boolean {
  return watermark > episode.lastHeldAt + timespanMs;
}

export function episodeLevel(episode: Episode): (typeof LEVELS)[number] {
  // Neither the correlation nor its matches named a level: Sigma's middle one.
  return episode.levelRank < 0 ? 'medium' : LEVELS[episode.levelRank];
}
