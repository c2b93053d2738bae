import type { TimelineEntry } from '@quell/contracts';
import { incident } from '../test/notification-fixture';
import { transitionsOf } from './incident-transitions';

const T = Date.parse('2026-11-28T02:00:00Z');
const entry = (minute: number, action: string, detail: string | null = null, actor = 'quell'): TimelineEntry => ({ at: T + minute * 60_000, actor, action, detail });
const withTimeline = (timeline: TimelineEntry[], version = 5) => ({ ...incident, id: 'inc-1', timeline, version });

describe('incident transitions', () => {
  it('gives each notifying entry a key from incident id, action and entry time, the same in every later version', () => {
    const opened = [entry(0, 'opened'), entry(0, 'prioritized', 'P3 because: medium rule (+2)'), entry(1, 'alert_added')];
    const later = [...opened, entry(5, 'acknowledged', null, 'alice'), entry(6, 'notified', 'soc-slack'), entry(9, 'resolved', 'benign')];
    expect(transitionsOf(withTimeline(opened)).map((t) => [t.transition, t.key])).toEqual([['opened', `inc-1/opened/${T}`]]);
    expect(transitionsOf(withTimeline(later)).map((t) => [t.transition, t.key])).toEqual([
      ['opened', `inc-1/opened/${T}`],
      ['acknowledged', `inc-1/acknowledged/${T + 300_000}`],
      ['resolved', `inc-1/resolved/${T + 540_000}`],
    ]);
  });

  it('notifies a priority change only when it raised the priority', () => {
    const timeline = [
      entry(0, 'opened'),
      entry(0, 'prioritized', 'P3 because: medium rule (+2)'),
      entry(2, 'prioritized', 'P2 because: high rule (+4)'),
      entry(3, 'prioritized', 'P4 because: low rule (+1)'),
      entry(4, 'priority_changed', 'P4 → P1: customer data at risk', 'alice'),
      entry(5, 'priority_changed', 'P1 → P2: contained', 'alice'),
      entry(6, 'prioritized', 'P1 because: critical rule (+6); P2 kept as set by alice'),
    ];
    expect(transitionsOf(withTimeline(timeline)).filter((t) => t.transition === 'priority_raised').map((t) => t.key)).toEqual([
      `inc-1/prioritized:raised/${T + 120_000}`,
      `inc-1/priority_changed:raised/${T + 240_000}`,
    ]);
  });

  it('yields nothing new for a version that only adds notified or notification_failed entries', () => {
    const before = [entry(0, 'opened')];
    const after = [...before, entry(1, 'notified', 'soc-slack'), entry(2, 'notification_failed', 'pager: 401')];
    expect(transitionsOf(withTimeline(after))).toEqual(transitionsOf(withTimeline(before)));
  });

  it('opens a first version that has no timeline (an older producer), at its first-seen time', () => {
    expect(transitionsOf(withTimeline([], 1)).map((t) => t.key)).toEqual([`inc-1/opened/${incident.firstSeen}`]);
    expect(transitionsOf(withTimeline([], 2))).toEqual([]);
  });
});
