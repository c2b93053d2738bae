import type { Alert } from '@quell/contracts';
import { applyAlert, applyAlerts, incidentIdFor } from './incident-grouping';
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
    expect(incident).toMatchObject({ version: 2, alertIds: ['a1', 'a2'], priority: 2 });
    expect(applyAlerts(incident, [alert('a2'), alert('a1')], 6000)).toEqual({ incident, changed: false });
    expect(applyAlerts(null, [], 5000)).toBeNull();
  });
});
