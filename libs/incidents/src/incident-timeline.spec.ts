import type { TimelineEntry } from '@quell/contracts';
import { appendToTimeline } from './incident-timeline';

const entry = (at: number, action = 'alert_added'): TimelineEntry => ({ at, actor: 'quell', action, detail: null });

describe('appendToTimeline', () => {
  it('appends while the timeline is under its cap', () => {
    expect(appendToTimeline({ timeline: [entry(1, 'opened')], timelineDropped: 0 }, entry(2), 3)).toEqual({ timeline: [entry(1, 'opened'), entry(2)], timelineDropped: 0 });
  });

  it('keeps the opening entry and the newest ones, counting every entry it drops', () => {
    let incident = { timeline: [entry(0, 'opened')], timelineDropped: 0 };
    for (let at = 1; at <= 10; at += 1) incident = appendToTimeline(incident, entry(at), 4);
    expect(incident.timeline.map((e) => e.at)).toEqual([0, 8, 9, 10]);
    expect(incident.timelineDropped).toBe(7);
    expect(incident.timeline.length + incident.timelineDropped).toBe(11);
  });

  it("keeps a person's latest priority decision however many entries follow it, so automatic assessment still honours it", () => {
    let incident = { timeline: [entry(0, 'opened'), entry(1, 'priority_changed'), entry(2, 'priority_changed')], timelineDropped: 0 };
    for (let at = 3; at <= 10; at += 1) incident = appendToTimeline(incident, entry(at), 4);
    expect(incident.timeline.map((e) => [e.at, e.action])).toEqual([[0, 'opened'], [2, 'priority_changed'], [9, 'alert_added'], [10, 'alert_added']]);
    expect(incident.timeline.length + incident.timelineDropped).toBe(11);
  });
});
