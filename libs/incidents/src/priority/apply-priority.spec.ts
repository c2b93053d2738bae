import { testAlert, testIncident } from '../test/test-alert';
import { withAssessedPriority } from './apply-priority';
import { assessPriority } from './incident-priority';
import { EMPTY_SERVICE_CATALOG } from './service-catalog';

describe('withAssessedPriority', () => {
  const assessment = assessPriority({ incident: testIncident(), alerts: [testAlert('a1', { level: 'high' })], catalog: EMPTY_SERVICE_CATALOG });

  it('sets severity and priority and records the reason on the timeline, keeping the version', () => {
    const incident = withAssessedPriority(testIncident({ version: 4 }), assessment, 7000);
    expect(incident).toMatchObject({ severity: 'high', priority: 3, version: 4 });
    expect(incident?.timeline.at(-1)).toEqual({ at: 7000, actor: 'quell', action: 'prioritized', detail: 'P3 because: high rule Rule a1 (+4)' });
  });

  it('changes nothing when the same assessment comes again (a replay)', () => {
    const once = withAssessedPriority(testIncident(), assessment, 7000)!;
    expect(withAssessedPriority(once, assessment, 9000)).toBeNull();
  });

  it('records a new reason even when the priority stays, so the incident never shows a stale why', () => {
    const once = withAssessedPriority(testIncident(), assessment, 7000)!;
    const other = assessPriority({ incident: testIncident(), alerts: [testAlert('a2', { level: 'high' })], catalog: EMPTY_SERVICE_CATALOG });
    expect(withAssessedPriority(once, other, 8000)?.timeline.map((e) => e.detail)).toEqual(['P3 because: high rule Rule a1 (+4)', 'P3 because: high rule Rule a2 (+4)']);
  });

  it('keeps a priority a person set from then on, saying so, while severity follows the alerts', () => {
    const once = withAssessedPriority(testIncident(), assessment, 7000)!;
    const manual = { ...once, priority: 1, timeline: [...once.timeline, { at: 7500, actor: 'alice', action: 'priority_changed', detail: 'customer escalation' }] };
    const kept = withAssessedPriority(manual, assessment, 8000);
    expect(kept).toMatchObject({ priority: 1, severity: 'high' });
    expect(kept?.timeline.at(-1)?.detail).toBe('P3 because: high rule Rule a1 (+4); P1 kept as set by alice');
    expect(withAssessedPriority(kept!, assessment, 9000)).toBeNull();
    const critical = assessPriority({ incident: testIncident(), alerts: [testAlert('a1', { level: 'critical' })], catalog: EMPTY_SERVICE_CATALOG });
    expect(withAssessedPriority(kept!, critical, 9500)).toMatchObject({ priority: 1, severity: 'critical' });
  });
});
