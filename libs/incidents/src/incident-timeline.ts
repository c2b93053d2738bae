import type { Incident, TimelineEntry } from '@quell/contracts';

/**
 * Entries an incident's timeline keeps. An incident fed by a noisy rule gains an entry per alert;
 * without a cap its stored document and every record on the incident topic would grow without end.
 */
export const MAX_TIMELINE_ENTRIES = 200;

/**
 * The timeline with `entry` appended, at most `cap` entries long: the opening entry stays (it says
 * how the incident began), the oldest after it go, and `timelineDropped` counts every entry dropped.
 */
export function appendToTimeline(incident: Pick<Incident, 'timeline' | 'timelineDropped'>, entry: TimelineEntry, cap = MAX_TIMELINE_ENTRIES): Pick<Incident, 'timeline' | 'timelineDropped'> {
  const timeline = [...incident.timeline, entry];
  const excess = timeline.length - Math.max(cap, 2);
  if (excess <= 0) return { timeline, timelineDropped: incident.timelineDropped };
  timeline.splice(1, excess);
  return { timeline, timelineDropped: incident.timelineDropped + excess };
}
