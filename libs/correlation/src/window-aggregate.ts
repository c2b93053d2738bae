import { CorrelationType } from './correlation-definition';
import { GroupWindow } from './group-window';

/**
 * The number a correlation's condition compares, over the live entries [start, end] of a window
 * (end is the newest match of the window):
 * - event_count: matches; value_count: distinct values; temporal: distinct rules;
 * - temporal_ordered: how many of the rules, from the first, appear in their order;
 * - value_sum / value_avg: sum / mean of the numeric values;
 * - value_percentile: the share, in percent, of the window's matches whose value equals the
 *   newest match's value. The specification's example ("a process name seen in less than 1% of
 *   all processes": field Image, lte 1) reads this way; it is Quell's fixed interpretation.
 */
export function aggregateWindow(type: CorrelationType, window: GroupWindow, start: number, end: number): number {
  switch (type) {
    case 'event_count':
      return end - start + 1;
    case 'value_count':
      return distinct(window, start, end, (i) => window.at(i).v);
    case 'temporal':
      return distinct(window, start, end, (i) => window.at(i).r);
    case 'temporal_ordered': {
      // Greedy is exact here: taking each next rule at its earliest position never hurts later ones.
      let next = 0;
      for (let i = start; i <= end; i++) if (window.at(i).r === next) next++;
      return next;
    }
    case 'value_sum':
      return sum(window, start, end);
    case 'value_avg':
      return sum(window, start, end) / (end - start + 1);
    case 'value_percentile': {
      const newest = window.at(end).v;
      let same = 0;
      for (let i = start; i <= end; i++) if (window.at(i).v === newest) same++;
      return (same * 100) / (end - start + 1);
    }
  }
}

function distinct(window: GroupWindow, start: number, end: number, key: (i: number) => unknown): number {
  const seen = new Set<unknown>();
  for (let i = start; i <= end; i++) seen.add(key(i));
  return seen.size;
}

function sum(window: GroupWindow, start: number, end: number): number {
  let total = 0;
  for (let i = start; i <= end; i++) total += window.at(i).v as number;
  return total;
}
