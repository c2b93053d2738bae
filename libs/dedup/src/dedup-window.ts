/**
 * A fingerprint's dedup window as stored between alerts. It closes `windowMs` after its latest
 * counted occurrence: the store expires it (its time to live is renewed on every counted one), so
 * the next occurrence finds no window and opens a new one.
 */
export interface DedupWindow {
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** The most recent counted occurrence ids (at most MAX_REMEMBERED_IDS), so a redelivery is not counted twice. */
  ids: string[];
}

export interface Occurrence {
  /** The occurrence's own id (e.g. the alert id): the same id is counted once per window. */
  id: string;
  /** When it happened, epoch ms. */
  at: number;
}

export interface DedupObservation {
  /** Distinct occurrences counted in the current window. */
  count: number;
  /** Earliest and latest `at` among the window's counted occurrences. */
  firstSeen: number;
  lastSeen: number;
  /** True when this occurrence opened a new window for the fingerprint. */
  isNew: boolean;
}

/**
 * Ids remembered per window. A redelivery comes within a batch or two of the original, so the
 * most recent thousand are plenty; an id older than that would be counted again, which bounds the
 * window's size however long it stays open.
 */
export const MAX_REMEMBERED_IDS = 1000;

export interface ObservedWindow {
  /** The window after the occurrences (null only when there were none and no window). */
  window: DedupWindow | null;
  /** One per occurrence, in order. */
  observations: DedupObservation[];
  /** True when an occurrence was counted: the window must be written and its time to live renewed. */
  counted: boolean;
}

/**
 * Folds one fingerprint's occurrences, in order, into its window (null: none open). Pure, so a
 * writer that lost a race re-runs it on the fresher window. A redelivered occurrence (an id the
 * window already counted) changes nothing and does not keep the window open.
 */
export function observeOccurrences(current: DedupWindow | null, occurrences: readonly Occurrence[], maxIds = MAX_REMEMBERED_IDS): ObservedWindow {
  let window = current && { ...current, ids: [...current.ids] };
  const counted = new Set(window?.ids);
  const observations = occurrences.map(({ id, at }) => {
    const isNew = window === null;
    if (window === null) window = { count: 0, firstSeen: at, lastSeen: at, ids: [] };
    if (!counted.has(id)) {
      counted.add(id);
      window.count += 1;
      window.firstSeen = Math.min(window.firstSeen, at);
      window.lastSeen = Math.max(window.lastSeen, at);
      window.ids.push(id);
      if (window.ids.length > maxIds) window.ids.splice(0, window.ids.length - maxIds);
    }
    return { count: window.count, firstSeen: window.firstSeen, lastSeen: window.lastSeen, isNew };
  });
  return { window, observations, counted: window !== null && window.count !== (current?.count ?? 0) };
}
