/**
 * A fingerprint's dedup state as stored between alerts: the episode its repeats are folded into,
 * and when its windows opened (for flapping). Times are event times, epoch ms.
 */
export interface DedupWindow {
  /** The alert the episode publishes under: its first occurrence (or the one that started flapping). */
  alertId: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** The most recent counted occurrence ids (at most MAX_REMEMBERED_IDS), so a redelivery is not counted twice. */
  ids: string[];
  /** When the fingerprint's recent windows opened (the newest few inside the flap window). */
  opens: number[];
  /** True while the fingerprint flaps: windows that open then fold into the one flapping alert. */
  flapping: boolean;
}

export interface DedupRules {
  /** A repeat folds into the open window when it is at most this long after the window's last occurrence. */
  windowMs: number;
  /** A fingerprint whose window closes and opens again more than `flapReturns` times within `flapWindowMs` is flapping (0: never). */
  flapReturns: number;
  /** Also how long a flapping episode lasts without any occurrence before it ends. */
  flapWindowMs: number;
}

export interface Occurrence {
  /** The occurrence's own id (e.g. the alert id): the same id is counted once per episode. */
  id: string;
  /** When it happened (event time), epoch ms. */
  at: number;
}

export interface DedupObservation {
  /** The alert this occurrence is folded into (its own id when it opened the episode). */
  alertId: string;
  /** Distinct occurrences counted in the episode so far. */
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** True when this occurrence opened a new episode: it passes on as a new alert. */
  isNew: boolean;
  flapping: boolean;
}

/**
 * Ids remembered per episode. A redelivery comes within a batch or two of the original, so the
 * most recent thousand are plenty; an id older than that would be counted again, which bounds the
 * document's size however long the episode lasts.
 */
export const MAX_REMEMBERED_IDS = 1000;

export interface ObservedWindow {
  /** The state after the occurrences (null only when there were none and no state). */
  window: DedupWindow | null;
  /** One per occurrence, in order. */
  observations: DedupObservation[];
  /** True when an occurrence was counted: the state must be written and its time to live renewed. */
  counted: boolean;
}

// The remembered ids carry over, so an occurrence of an earlier episode redelivered now is not counted.
function openEpisode(id: string, at: number, opens: number[], flapping: boolean, ids: string[] = []): DedupWindow {
  return { alertId: id, count: 0, firstSeen: at, lastSeen: at, ids, opens, flapping };
}

/**
 * The state an occurrence that is not a repeat of the open window starts. A window "clears" when
 * `windowMs` passes without an occurrence; its return opens a new window, which is a new alert,
 * unless the fingerprint has returned more than `flapReturns` times within `flapWindowMs`: then one
 * alert marked flapping is opened, and later returns fold into it until the fingerprint stays quiet
 * for a whole `flapWindowMs`.
 */
function reopened(previous: DedupWindow | null, id: string, at: number, rules: DedupRules): { window: DedupWindow; isNew: boolean } {
  if (previous === null || rules.flapReturns === 0 || at - previous.lastSeen > rules.flapWindowMs) {
    return { window: openEpisode(id, at, [at], false, previous?.ids), isNew: true };
  }
  const opens = [...previous.opens, at].filter((opened) => at - opened <= rules.flapWindowMs).slice(-(rules.flapReturns + 2));
  if (previous.flapping) return { window: { ...previous, opens }, isNew: false };
  const flapping = opens.length - 1 > rules.flapReturns;
  return { window: openEpisode(id, at, opens, flapping, previous.ids), isNew: true };
}

/**
 * Folds one fingerprint's occurrences, in order, into its state (null: none stored). Pure, so a
 * writer that lost a race re-runs it on the fresher state. A redelivered occurrence (an id the
 * episode already counted) changes nothing and does not extend anything.
 */
export function observeOccurrences(
  current: DedupWindow | null,
  occurrences: readonly Occurrence[],
  rules: DedupRules,
  maxIds = MAX_REMEMBERED_IDS,
): ObservedWindow {
  let window = current && { ...current, ids: [...current.ids] };
  const counted = new Set(window?.ids);
  let changed = false;
  const observations = occurrences.map(({ id, at }) => {
    let isNew = false;
    if (!counted.has(id)) {
      if (window === null || at - window.lastSeen > rules.windowMs) {
        const next = reopened(window, id, at, rules);
        isNew = next.isNew;
        window = next.window;
      }
      counted.add(id);
      window.count += 1;
      window.firstSeen = Math.min(window.firstSeen, at);
      window.lastSeen = Math.max(window.lastSeen, at);
      window.ids.push(id);
      if (window.ids.length > maxIds) window.ids.splice(0, window.ids.length - maxIds);
      changed = true;
    }
    const { alertId, count, firstSeen, lastSeen, flapping } = window as DedupWindow;
    return { alertId, count, firstSeen, lastSeen, isNew, flapping };
  });
  return { window, observations, counted: changed };
}
