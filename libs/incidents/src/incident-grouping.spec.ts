import type { Alert } from '@quell/contracts';
import { applyAlert, applyAlerts, incidentIdFor, recordedOccurrences, REPEATS_ACTION } from './incident-grouping';
import { MAX_TIMELINE_ENTRIES } from './incident-timeline';

function alert(id: string, level = 'medium', at = 1000): Alert {
  return {
    id, tenant: 'acme', rule: { id: 'r1', title: 'Failed authentication', version: '1', level, author: 'Quell', tags: [] },
    kind: 'detection', entities: [{ type: 'host', value: 'web-1' }], fingerprint: 'fp-1', firstSeen: at, lastSeen: at,
    eventCount: 1, sampleEventIds: [], tactics: [], techniques: [], killChainPhase: 'credential-access', explanation: null, details: {},
    suppression: { state: 'none', changeId: null, reason: null }, dedup: { count: 1, firstSeen: at },
  };
}

describe('applyAlert', () => {
  it('opens an incident with a derived id and a timeline entry', () => {
    const { incident, changed } = applyAlert(null, alert('a1'), 5000);
    expect(changed).toBe(true);
    expect(incident).toMatchObject({ id: incidentIdFor(alert('a1')), status: 'open', version: 1, alertCount: 1, severity: 'medium', priority: 3 });
    expect(incident.timeline).toEqual([{ at: 5000, actor: 'quell', action: 'opened', detail: 'alert a1 (r1)' }]);
  });

  it('adds a new alert as a new version, raising priority to the most urgent', () => {
    const first = applyAlert(null, alert('a1'), 5000).incident;
    const { incident } = applyAlert(first, alert('a2', 'high', 2000), 6000);
    expect(incident).toMatchObject({ version: 2, alertCount: 2, alertIds: ['a1', 'a2'], priority: 2, lastSeen: 2000 });
  });

  it('bounds the timeline of an incident that keeps gaining alerts, keeping the count of dropped entries', () => {
    let incident = applyAlert(null, alert('a0'), 0).incident;
    for (let i = 1; i <= MAX_TIMELINE_ENTRIES + 50; i += 1) incident = applyAlert(incident, alert(`a${i}`), i).incident;
    expect(incident.timeline).toHaveLength(MAX_TIMELINE_ENTRIES);
    expect(incident.timeline[0].action).toBe('opened');
    expect(incident.timeline.at(-1)).toMatchObject({ action: 'alert_added', detail: `a${MAX_TIMELINE_ENTRIES + 50}` });
    expect(incident.timelineDropped).toBe(51);
  });

  it('changes nothing when the same alert comes again (a replay)', () => {
    const first = applyAlert(null, alert('a1'), 5000).incident;
    const again = applyAlert(first, alert('a1'), 7000);
    expect(again.changed).toBe(false);
    expect(again.incident).toBe(first);
  });

  it('folds a batch of one incident\'s alerts in order, changed when any alert was new', () => {
    const { incident, changed } = applyAlerts(null, [alert('a1'), alert('a2', 'high'), alert('a1')], 5000)!;
    expect(changed).toBe(true);
    expect(incident).toMatchObject({ version: 1, alertIds: ['a1', 'a2'], priority: 2 });
    expect(applyAlerts(incident, [alert('a2'), alert('a1')], 6000)).toEqual({ incident, changed: false });
    expect(applyAlerts(incident, [alert('a3'), alert('a4')], 6000)?.incident.version).toBe(2);
    expect(applyAlerts(null, [], 5000)).toBeNull();
  });
});

/** The deduper's update of alert `id`: the same id, `count` occurrences so far, the latest at `lastSeen`. */
function repeat(id: string, count: number, lastSeen: number): Alert {
  return { ...alert(id, 'medium', 1000), lastSeen, dedup: { count, firstSeen: 1000 } };
}

describe('applyAlert with deduplicated repeats', () => {
  const opened = () => applyAlert(null, alert('a1'), 5000).incident;

  it('moves lastSeen forward and records the alert\'s count, keeping alertCount at the distinct alerts', () => {
    const { incident, changed } = applyAlert(opened(), repeat('a1', 40, 9000), 6000);
    expect(changed).toBe(true);
    expect(incident).toMatchObject({ version: 2, alertCount: 1, alertIds: ['a1'], firstSeen: 1000, lastSeen: 9000 });
    expect(incident.timeline.at(-1)).toEqual({ at: 6000, actor: 'quell', action: REPEATS_ACTION, detail: 'a1 seen 40 times' });
    expect(recordedOccurrences(incident, 'a1')).toBe(40);
  });

  it('keeps one repeats entry per alert however many updates come, the newest at the end', () => {
    let incident = applyAlert(opened(), alert('a2'), 5500).incident;
    for (let n = 2; n <= 1000; n += 1) incident = applyAlert(incident, repeat('a1', n, 1000 + n), 6000 + n).incident;
    incident = applyAlert(incident, repeat('a2', 7, 3000), 8000).incident;
    expect(incident.timeline.map((entry) => [entry.action, entry.detail])).toEqual([
      ['opened', 'alert a1 (r1)'], ['alert_added', 'a2'], [REPEATS_ACTION, 'a1 seen 1000 times'], [REPEATS_ACTION, 'a2 seen 7 times'],
    ]);
    expect(incident).toMatchObject({ alertCount: 2, lastSeen: 3000, timelineDropped: 0, version: 1002 });
  });

  it('changes nothing for a redelivered update or an older one arriving after a newer one', () => {
    const newer = applyAlert(opened(), repeat('a1', 50, 9000), 6000).incident;
    for (const stale of [repeat('a1', 50, 9000), repeat('a1', 20, 4000), alert('a1')]) {
      expect(applyAlert(newer, stale, 7000)).toEqual({ incident: newer, changed: false });
    }
  });

  it('takes a later lastSeen even when the count did not grow, leaving the timeline alone', () => {
    const counted = applyAlert(opened(), repeat('a1', 50, 9000), 6000).incident;
    const { incident, changed } = applyAlert(counted, repeat('a1', 50, 9500), 7000);
    expect(changed).toBe(true);
    expect(incident).toMatchObject({ lastSeen: 9500, version: 3, timeline: counted.timeline });
  });

  it('records the count of an alert that arrives already counted, when it opens or joins an incident', () => {
    const first = applyAlert(null, repeat('a1', 12, 2000), 5000).incident;
    expect(first.timeline.map((entry) => entry.detail)).toEqual(['alert a1 (r1)', 'a1 seen 12 times']);
    const joined = applyAlert(first, repeat('a2', 3, 2500), 6000).incident;
    expect(joined.timeline.map((entry) => entry.detail)).toEqual(['alert a1 (r1)', 'a1 seen 12 times', 'a2', 'a2 seen 3 times']);
    expect(joined).toMatchObject({ alertCount: 2, lastSeen: 2500 });
  });

  it('publishes an incident opened and updated in one batch as its first version, so it still pages once', () => {
    const { incident } = applyAlerts(null, [alert('a1'), repeat('a1', 30, 4000), repeat('a1', 60, 8000)], 5000)!;
    expect(incident).toMatchObject({ version: 1, alertCount: 1, lastSeen: 8000 });
    expect(recordedOccurrences(incident, 'a1')).toBe(60);
  });
});
