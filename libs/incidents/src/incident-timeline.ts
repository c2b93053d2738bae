import type { Incident, TimelineEntry } from '@quell/contracts';

/**
 * Entries an incident's timeline keeps. An incident fed by a noisy rule gains an entry per alert;
 * without a cap its stored document and every record on the incident topic would grow without end.
 */
export const MAX_TIMELINE_ENTRIES = 200;

/** Kept however old: a person's latest priority decision, which automatic assessment must go on honouring. */
const PINNED_ACTION = 'priority_changed';

/**
 * The timeline with `entry` appended, at most `cap` entries long: the opening entry stays (it says
 * how the incident began), and so does the latest `priority_changed` (withAssessedPriority reads it);
 * the oldest of the rest go, and `timelineDropped` counts every entry dropped.
 */
export function appendToTimeline(incident: Pick<Incident, 'timeline' | 'timelineDropped'>, entry: TimelineEntry, cap = MAX_TIMELINE_ENTRIES): Pick<Incident, 'timeline' | 'timelineDropped'> {
  const timeline = [...incident.timeline, entry];
  const excess = timeline.length - Math.max(cap, 3);
  if (excess <= 0) return { timeline, timelineDropped: incident.timelineDropped };
  const pinned = timeline.findLastIndex((e, index) => index > 0 && e.action === PINNED_ACTION);
  const dropped = new Set<number>();
  for (let index = 1; dropped.size < excess; index++) if (index !== pinned) dropped.add(index);
  return { timeline: timeline.filter((_, index) => !dropped.has(index)), timelineDropped: incident.timelineDropped + excess };
}
