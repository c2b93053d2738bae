import type { ChunkBook } from './entity-chunks';
import { KillChainStep } from './killchain-types';

/** One (alert, tactic) of an entity, kept while it can still fall inside a window. */
export interface TacticEntry {
  t: number;
  tactic: string;
  alertId: string;
  ruleId: string;
  ruleTitle: string;
  critical: boolean;
  /** The alert's first event, when known (see KillChainInput.evidenceId). */
  evidenceId?: string;
  /** The stored chunk that holds it (entity-chunks.ts); set when it is added or restored. */
  chunk?: number;
}

export interface Episode {
  openedAt: number;
  /** The latest event time at which the condition held; the episode ends a whole window after it. */
  lastHeldAt: number;
  lastSeen: number;
  alertCount: number;
  path: KillChainStep[];
  sample: string[];
  critical: boolean;
}

export interface EntityState {
  tenant: string;
  type: 'host' | 'user';
  value: string;
  /** Sorted by event time; equal times keep arrival order. */
  entries: TacticEntry[];
  episode?: Episode;
  /** Wall-clock time of the last input, for idle eviction. */
  touchedAt: number;
  /**
   * The newest event time of this entity's alerts: its own lateness and pruning are judged from
   * it, so another entity being ahead never makes this one's alerts late.
   */
  maxTime: number;
  /** How its entries are stored in chunks. */
  book: ChunkBook;
}

/** Index of the first entry with time >= t. */
export function lowerBound(entries: readonly TacticEntry[], t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts after every entry with time <= entry.t; returns its index. */
export function insertEntry(entries: TacticEntry[], entry: TacticEntry): number {
  let index = entries.length;
  while (index > 0 && entries[index - 1].t > entry.t) index--;
  entries.splice(index, 0, entry);
  return index;
}
